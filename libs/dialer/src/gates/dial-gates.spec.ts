import { resolveCampaignConfig } from '@dialer/campaigns';
import { evaluateDialGates, firstBlocking, gateEvidence, LeadDialFacts } from './dial-gates';

const config = (jurisdiction: 'US' | 'UK' | 'JP' = 'US', kind: 'telemarketing' | 'collections' = 'telemarketing', mode: 'predictive' | 'agentless' = 'predictive') =>
  resolveCampaignConfig({ kind, dialingMode: mode, jurisdiction, settings: { attemptLimits: { lifetime: 5, perDay: 2 } } });

const lead = (over: Partial<LeadDialFacts> = {}): LeadDialFacts => ({
  leadId: 'l1',
  phone: '+14155550123',
  phoneType: 'fixed_line',
  status: 'new',
  timezoneCandidates: ['America/Los_Angeles'],
  onDnc: false,
  attemptsTotal: 0,
  attemptsToday: 0,
  debt: null,
  lastAbandonedAt: null,
  region: null,
  postalCode: null,
  subjectCallTimes: [],
  consent: null,
  ...over,
});

const noon = new Date('2026-11-23T20:00:00Z'); // 12:00 in Los Angeles
const agentless = { liveAgentGuaranteed: false };

describe('evaluateDialGates', () => {
  it('lets a fresh lead within its hours through, with evidence for the record', () => {
    const verdicts = evaluateDialGates(lead(), config(), noon, agentless);
    expect(firstBlocking(verdicts)).toBeNull();
    expect(gateEvidence(verdicts)).toMatchObject({
      dnc: { passed: true },
      calling_window: { passed: true, localTimes: { 'America/Los_Angeles': expect.stringMatching(/^2026-11-23T12:00/) } },
      attempt_limits: { passed: true, total: 0 },
    });
  });

  it('stops at DNC even when every other gate passes, and never offers a retry time', () => {
    const blocked = firstBlocking(evaluateDialGates(lead({ onDnc: true }), config(), noon, agentless));
    expect(blocked).toMatchObject({ gate: 'dnc', code: 'ON_DNC', retryAt: null });
  });

  it('holds a lead outside the callee’s hours until they open', () => {
    const early = new Date('2026-11-23T15:00:00Z'); // 07:00 in Los Angeles
    expect(firstBlocking(evaluateDialGates(lead(), config(), early, agentless))).toMatchObject({
      gate: 'calling_window',
      retryAt: new Date('2026-11-23T16:00:00Z'),
    });
  });

  it('never dials a lead without a time zone', () => {
    expect(firstBlocking(evaluateDialGates(lead({ timezoneCandidates: [] }), config(), noon, agentless))).toMatchObject({ code: 'NO_TIMEZONE' });
  });

  it('spares callbacks the lifetime limit but not the daily one', () => {
    const used = lead({ attemptsTotal: 5 });
    expect(firstBlocking(evaluateDialGates(used, config(), noon, agentless))?.code).toBe('LIFETIME_ATTEMPTS_REACHED');
    expect(firstBlocking(evaluateDialGates({ ...used, status: 'callback' }, config(), noon, agentless))).toBeNull();
    expect(firstBlocking(evaluateDialGates({ ...used, status: 'callback', attemptsToday: 2 }, config(), noon, agentless))?.code).toBe(
      'DAILY_ATTEMPTS_REACHED',
    );
  });

  it('applies the 7-in-7 rule to collections only', () => {
    const calls = Array.from({ length: 7 }, (_, i) => new Date(noon.getTime() - (i + 1) * 20 * 3600_000));
    const facts = lead({ debt: { callTimes: calls, lastConversationAt: null }, attemptsTotal: 0 });
    expect(firstBlocking(evaluateDialGates(facts, config('US', 'collections'), noon, agentless))?.code).toBe('SEVEN_IN_SEVEN_REACHED');
    expect(firstBlocking(evaluateDialGates(facts, config('US', 'telemarketing'), noon, agentless))).toBeNull();
  });

  it('applies the UK 72-hour rule unless an agent is guaranteed', () => {
    const facts = lead({ phone: '+442079460958', timezoneCandidates: ['Europe/London'], lastAbandonedAt: new Date('2026-11-22T12:00:00Z') });
    const ukNoon = new Date('2026-11-23T12:00:00Z');
    expect(firstBlocking(evaluateDialGates(facts, config('UK'), ukNoon, agentless))?.code).toBe('ABANDONED_RECENTLY');
    expect(firstBlocking(evaluateDialGates(facts, config('UK'), ukNoon, { liveAgentGuaranteed: true }))).toBeNull();
    expect(firstBlocking(evaluateDialGates(facts, config('US'), noon, agentless))).toBeNull();
  });

  it('asks consent before an agentless call to a mobile in the US', () => {
    const mobile = lead({ phoneType: 'mobile' });
    expect(firstBlocking(evaluateDialGates(mobile, config('US', 'telemarketing', 'agentless'), noon, agentless))?.code).toBe('CONSENT_MISSING');
    expect(firstBlocking(evaluateDialGates(lead(), config('US', 'telemarketing', 'agentless'), noon, agentless))).toBeNull();
    const consented = { ...mobile, consent: { grantedAt: new Date('2026-01-01T00:00:00Z'), revokedAt: null } };
    expect(firstBlocking(evaluateDialGates(consented, config('US', 'telemarketing', 'agentless'), noon, agentless))).toBeNull();
  });

  it('asks consent of a number that may be a mobile (most US numbers) as of a mobile', () => {
    const either = lead({ phoneType: 'fixed_line_or_mobile' });
    expect(firstBlocking(evaluateDialGates(either, config('US', 'telemarketing', 'agentless'), noon, agentless))?.code).toBe('CONSENT_MISSING');
    const consented = { ...either, consent: { grantedAt: new Date('2026-01-01T00:00:00Z'), revokedAt: null } };
    expect(firstBlocking(evaluateDialGates(consented, config('US', 'telemarketing', 'agentless'), noon, agentless))).toBeNull();
  });

  describe('US state rules', () => {
    const miami = (over: Partial<LeadDialFacts> = {}) => lead({ phone: '+13055550123', timezoneCandidates: ['America/New_York'], ...over });
    const at2030 = new Date('2026-11-24T01:30:00Z'); // 20:30 in Miami (EST)

    it('does not call a Florida lead at 20:30 its time, though federal hours run to 21:00', () => {
      const verdicts = evaluateDialGates(miami(), config(), at2030, agentless);
      expect(verdicts.find((v) => v.gate === 'calling_window')?.passed).toBe(true);
      expect(firstBlocking(verdicts)).toMatchObject({
        gate: 'state_rules',
        code: 'OUTSIDE_STATE_CALLING_HOURS',
        retryAt: new Date('2026-11-24T13:00:00Z'), // 08:00 next morning in Miami
        evidence: expect.objectContaining({ state: 'FL', stateSource: 'area_code' }),
      });
      // New York (212) has no stricter rule: federal hours apply.
      expect(firstBlocking(evaluateDialGates(miami({ phone: '+12125550123' }), config(), at2030, agentless))).toBeNull();
    });

    it('finds the state from the region column first, then the ZIP, then the area code', () => {
      const nyNumber = { phone: '+12125550123' };
      const stateOf = (over: Partial<LeadDialFacts>) => gateEvidence(evaluateDialGates(miami({ ...nyNumber, ...over }), config(), at2030, agentless)).state_rules;
      expect(stateOf({ region: 'Florida' })).toMatchObject({ passed: false, state: 'FL', stateSource: 'region' });
      expect(stateOf({ postalCode: '33101' })).toMatchObject({ passed: false, state: 'FL', stateSource: 'postal_code' });
      expect(stateOf({ region: 'NY', postalCode: '33101' })).toMatchObject({ passed: true, state: 'NY', stateSource: 'region' });
    });

    it('does not call a Florida lead a fourth time in 24 h on the same product', () => {
      const noonMiami = new Date('2026-11-23T17:00:00Z');
      const calls = ['2026-11-22T18:00:00Z', '2026-11-23T14:00:00Z', '2026-11-23T15:00:00Z'].map((t) => new Date(t));
      expect(firstBlocking(evaluateDialGates(miami({ subjectCallTimes: calls.slice(1) }), config(), noonMiami, agentless))).toBeNull();
      expect(firstBlocking(evaluateDialGates(miami({ subjectCallTimes: calls }), config(), noonMiami, agentless))).toMatchObject({
        gate: 'state_rules',
        code: 'STATE_SUBJECT_CALLS_REACHED',
        retryAt: new Date('2026-11-23T18:00:00Z'), // the oldest of the three turns 24 h old
      });
    });

    it('applies only to US campaigns', () => {
      const verdicts = evaluateDialGates(miami(), config('UK'), at2030, agentless);
      expect(verdicts.some((v) => v.gate === 'state_rules')).toBe(false);
    });
  });
});
