import { resolveCampaignConfig } from '@dialer/campaigns';
import { chooseNumber, LeadFacts, NumberFacts, numbersInTurn, otherNumbersLeft } from './lead-numbers';

const config = (numbers?: { order?: ('main' | 'alt1' | 'alt2')[]; nextOn?: ('busy' | 'no_answer' | 'failed' | 'machine')[] }) =>
  resolveCampaignConfig({ kind: 'telemarketing', dialingMode: 'predictive', jurisdiction: 'US', settings: { attemptLimits: { lifetime: 5, perDay: 3 }, numbers } });

const number = (slot: NumberFacts['slot'], phone: string, over: Partial<NumberFacts> = {}): NumberFacts => ({
  slot,
  phone,
  phoneType: 'fixed_line',
  timezoneCandidates: ['America/New_York'],
  onDnc: false,
  lastAbandonedAt: null,
  subjectCallTimes: [],
  consent: null,
  ...over,
});

const lead = (numbers: NumberFacts[], history: Partial<LeadFacts['history']> = {}, attemptsTotal = 0): LeadFacts => ({
  lead: { leadId: 'l1', status: 'retry', attemptsTotal, attemptsToday: 0, debt: null, region: null, postalCode: null },
  numbers,
  history: { last: null, wrong: [], ...history },
});

const main = number('main', '+12125550101');
const alt1 = number('alt1', '+13105550102', { timezoneCandidates: ['America/Los_Angeles'] });
const alt2 = number('alt2', '+12125550103');
const noonNY = new Date('2026-11-23T17:00:00Z'); // 12:00 New York, 09:00 Los Angeles
const earlyLA = new Date('2026-11-23T14:00:00Z'); // 09:00 New York, 06:00 Los Angeles
const ctx = { liveAgentGuaranteed: false };

describe('alternate numbers', () => {
  it('dials the main number first, then the next one after a no-answer, and stays on a number that was answered', () => {
    expect(chooseNumber(lead([main, alt1, alt2]), config(), noonNY, ctx).chosen?.phone).toBe(main.phone);
    const afterNoAnswer = lead([main, alt1, alt2], { last: { phone: main.phone, outcome: 'no_answer' } });
    expect(chooseNumber(afterNoAnswer, config(), noonNY, ctx).chosen).toMatchObject({ slot: 'alt1', phone: alt1.phone });
    const afterBusyOnLast = lead([main, alt1, alt2], { last: { phone: alt2.phone, outcome: 'busy' } });
    expect(chooseNumber(afterBusyOnLast, config(), noonNY, ctx).chosen?.slot).toBe('main');
    const answered = lead([main, alt1, alt2], { last: { phone: alt1.phone, outcome: 'human' } });
    expect(chooseNumber(answered, config(), noonNY, ctx).chosen?.slot).toBe('alt1');
  });

  it('skips an alternate outside its own hours or on DNC, with its reason kept as evidence', () => {
    const facts = lead([main, alt1, { ...alt2, onDnc: true }], { last: { phone: main.phone, outcome: 'no_answer' } });
    const choice = chooseNumber(facts, config(), earlyLA, ctx);
    // alt1 (Los Angeles, 06:00) is closed, alt2 is on DNC: the turn comes round to main (New York, 09:00).
    expect(choice.chosen?.slot).toBe('main');
    expect(choice.tried.map((t) => [t.slot, t.blocking?.code ?? 'OK'])).toEqual([
      ['alt1', 'OUTSIDE_CALLING_HOURS'],
      ['alt2', 'ON_DNC'],
      ['main', 'OK'],
    ]);
    expect(choice.chosen?.verdicts[0]).toMatchObject({
      gate: 'number',
      passed: true,
      evidence: { slot: 'main', phone: main.phone, skipped: [{ slot: 'alt1', code: 'OUTSIDE_CALLING_HOURS' }, { slot: 'alt2', code: 'ON_DNC' }] },
    });
  });

  it('parks the lead until the soonest number opens, and closes it only when every number is closed for good', () => {
    const night = new Date('2026-11-23T07:00:00Z'); // 02:00 New York
    const parked = chooseNumber(lead([{ ...main, onDnc: true }, alt1]), config(), night, ctx);
    expect(parked.chosen).toBeNull();
    expect(parked.blocking).toMatchObject({ code: 'OUTSIDE_CALLING_HOURS', retryAt: new Date('2026-11-23T16:00:00Z') });
    expect(parked.blocking?.message).toMatch(/main \+12125550101: .*do-not-call.*; alt1 \+13105550102: Outside calling hours/);
    const allDnc = chooseNumber(lead([{ ...main, onDnc: true }, { ...alt1, onDnc: true }]), config(), noonNY, ctx);
    expect(allDnc.blocking).toMatchObject({ code: 'ON_DNC', retryAt: null });
  });

  it('counts attempt limits per lead: every number is stopped alike', () => {
    const used = chooseNumber(lead([main, alt1], {}, 5), config(), noonNY, ctx);
    expect(used.chosen).toBeNull();
    expect(used.blocking?.code).toBe('LIFETIME_ATTEMPTS_REACHED');
  });

  it('follows the campaign’s order, never dials a number left out of it, and drops wrong numbers', () => {
    const { queue, unused } = numbersInTurn(lead([main, alt1, alt2], { wrong: [alt1.phone] }), config({ order: ['alt2', 'alt1'] }).numbers);
    expect(queue.map((n) => n.slot)).toEqual(['alt2']);
    expect(unused).toEqual([
      { slot: 'main', phone: main.phone, reason: 'main numbers are not dialed by this campaign' },
      { slot: 'alt1', phone: alt1.phone, reason: '+13105550102 was a wrong number' },
    ]);
    const none = chooseNumber(lead([main], {}), config({ order: ['alt1'] }), noonNY, ctx);
    expect(none.blocking).toMatchObject({ gate: 'number', code: 'NO_NUMBER_TO_DIAL' });
  });

  it('stays on a number after a machine when the campaign says machines do not move on', () => {
    const facts = lead([main, alt1], { last: { phone: main.phone, outcome: 'machine' } });
    expect(chooseNumber(facts, config(), noonNY, ctx).chosen?.slot).toBe('alt1');
    expect(chooseNumber(facts, config({ nextOn: ['no_answer', 'busy'] }), noonNY, ctx).chosen?.slot).toBe('main');
  });

  it('counts the numbers left to try after a wrong number', () => {
    const leadNumbers = { phone: main.phone, altPhones: [alt1.phone, alt2.phone] };
    expect(otherNumbersLeft(leadNumbers, ['main', 'alt1', 'alt2'], main.phone, [main.phone])).toBe(2);
    expect(otherNumbersLeft(leadNumbers, ['main', 'alt1'], main.phone, [alt1.phone])).toBe(0);
    expect(otherNumbersLeft({ phone: main.phone, altPhones: [] }, ['main', 'alt1', 'alt2'], main.phone, [])).toBe(0);
  });
});
