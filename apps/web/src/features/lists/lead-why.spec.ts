import type { components } from '../../api/schema';
import { initI18n } from '../../app/i18n';
import { gateText, whySummary } from './lead-why';

type LeadWhy = components['schemas']['LeadWhyDto'];
type Campaign = LeadWhy['campaigns'][number];

const closedHours = { code: 'OUTSIDE_CALLING_HOURS', gate: 'calling_window', message: 'It is 21:10 for the callee, outside 08:00–21:00', passed: false };
const campaign = (status: string, blocking: Campaign['blocking'] = null): Campaign => ({ campaignId: 'c1', name: 'Autumn', status, blocking, verdicts: [] });
const why = (over: Partial<LeadWhy>): LeadWhy => ({
  leadId: 'l1',
  status: 'new',
  summary: 'the api’s English sentence',
  dialableNow: false,
  nextAttemptAt: null,
  lastSkip: null,
  campaigns: [campaign('active')],
  ...over,
});
const lead = { blockedReason: null, lastDisposition: null };
const when = (iso: string) => `<${iso}>`;

describe('whySummary', () => {
  const ja = initI18n('ja').t;
  const en = initI18n('en').t;

  it('says why a lead is not dialed in the reader’s language, from the gate’s code, never the api’s English', () => {
    const stopped = why({ campaigns: [campaign('active', closedHours)] });
    expect(whySummary(stopped, lead, ja, when)).toBe('停止理由: 相手の発信可能時間外です。');
    expect(whySummary(stopped, lead, en, when)).toMatch(/^Stopped by: .*calling hours/);
  });

  it('keeps the api’s sentence for a gate it has no words for (one added since)', () => {
    const novel = why({ campaigns: [campaign('active', { code: 'A_NEW_RULE', gate: 'new', message: 'A new rule says no', passed: false })] });
    expect(whySummary(novel, lead, ja, when)).toBe('停止理由: A new rule says no');
  });

  it('tells a lead that is due and passes every gate from one waiting for its retry or callback', () => {
    expect(whySummary(why({ dialableNow: true }), lead, ja, when)).toMatch(/すべての条件を満たしており/);
    const later = '2026-12-07T09:00:00.000Z';
    const now = Date.parse('2026-12-06T12:00:00Z');
    expect(whySummary(why({ status: 'callback', nextAttemptAt: later }), lead, en, when, now)).toBe(`A callback is booked for <${later}>`);
    expect(whySummary(why({ status: 'retry', nextAttemptAt: later, lastSkip: { code: 'ON_DNC', reason: 'on a DNC list', at: later } }), lead, ja, when, now)).toBe(
      `<${later}> に再架電の予定です (この番号は発信禁止リスト（DNC）に登録されています。)`,
    );
    // Due already: the gates decide, not the schedule.
    expect(whySummary(why({ status: 'retry', nextAttemptAt: '2026-12-06T11:00:00Z', dialableNow: true }), lead, en, when, now)).toMatch(/passes every check/);
  });

  it('puts the lead’s own status first: blocked, closed, exhausted, in a call', () => {
    expect(whySummary(why({ status: 'blocked' }), { ...lead, blockedReason: 'dnc' }, ja, when)).toMatch(/発信禁止リスト/);
    expect(whySummary(why({ status: 'blocked' }), { ...lead, blockedReason: 'no_timezone' }, en, when)).toMatch(/time zone is unknown/);
    expect(whySummary(why({ status: 'done' }), { ...lead, lastDisposition: 'SALE' }, en, when)).toBe('Closed by the final disposition SALE.');
    expect(whySummary(why({ status: 'exhausted', dialableNow: false, campaigns: [campaign('active', closedHours)] }), lead, ja, when)).toMatch(/発信回数をすべて/);
    expect(whySummary(why({ status: 'dialing' }), lead, ja, when)).toBe('この架電先へ発信中です。');
  });

  it('names the campaigns and their states in the reader’s words when none is active, and says when the list has none', () => {
    expect(whySummary(why({ campaigns: [campaign('paused')] }), lead, ja, when)).toBe('このリストを使うキャンペーンは稼働中ではありません（Autumn: 一時停止中）。');
    expect(whySummary(why({ campaigns: [] }), lead, en, when)).toBe('Its list is not attached to any campaign.');
  });

  it('never says "Stopped by:" with no reason: the api said not due (its clock), the reader’s clock says due', () => {
    // The api answered at 11:59:59 (not due until 12:00, every gate passes, so not dialable now); the page is read at 12:00:05.
    const scheduled = why({ status: 'retry', nextAttemptAt: '2026-12-06T12:00:00.000Z' });
    const readAt = Date.parse('2026-12-06T12:00:05Z');
    expect(whySummary(scheduled, lead, en, when, readAt)).not.toMatch(/^Stopped by:\s*\.?$/);
    expect(whySummary(scheduled, lead, ja, when, readAt)).not.toMatch(/^停止理由:\s*$/);
  });

  it('has Japanese words for every code a lead’s why can carry (gates and skips)', () => {
    for (const code of ['NO_NUMBER_TO_DIAL', 'NUMBER_NOT_ON_LEAD', 'PERSONAL_DATA_ERASED']) {
      expect({ code, text: gateText(ja, code, `english for ${code}`) }).not.toEqual({ code, text: `english for ${code}` });
    }
  });
});
