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
});
