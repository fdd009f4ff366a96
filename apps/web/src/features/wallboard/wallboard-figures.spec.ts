import type { DeskPresence, FloorCampaign, FloorSnapshot } from '@dialer/desk-events';
import { minuteSeries, pacerReasonKey, percent, tilesOf, withAbandonSample, withAgent } from './wallboard-figures';

const counts = (over: Partial<FloorCampaign['stats']['lastHour']> = {}) => ({
  dials: 0, liveAnswers: 0, machines: 0, connects: 0, machineConnects: 0, abandons: 0, amdFalsePositives: 0, abandonRate: 0, contacts: 0, contactRate: 0, ...over,
});
const agent = (over: Partial<DeskPresence>): DeskPresence => ({
  agentId: 'a1', name: 'Aiko', campaignId: 'c1', state: 'ready', sinceMs: 0, attemptId: null, leadId: null, pauseReason: null, pauseAfterCall: null, wrapUpUntilMs: null, epoch: 1, ...over,
});
const campaign = (id: string, over: { window?: object; lastHour?: object; agents?: DeskPresence[]; cap?: number; occupancy?: number | null; wait?: [number, number]; minutes?: FloorCampaign['minutes'] }): FloorCampaign => ({
  name: id,
  stats: {
    campaignId: id, status: 'active', mode: 'progressive',
    window: { hours: 24, since: '', capRate: over.cap ?? 0.03, ...counts(over.window) },
    lastHour: counts(over.lastHour), inFlight: 2, occupancy: over.occupancy ?? null, occupancyWithWrap: null,
    agents: { byState: {}, list: over.agents ?? [] }, leads: {}, pacing: { dialLevel: 3, callsToPlace: 1, reason: 'progressive', callsInFlight: 2, leader: 'w', atMs: 0 }, at: '',
  },
  why: { campaignId: id, dialing: true, reasons: [] },
  minutes: over.minutes ?? [],
  speedOfAnswer: { averageSec: over.wait?.[0] ?? null, connects: over.wait?.[1] ?? 0 },
});

describe('the wallboard figures', () => {
  it('sums the floor and recomputes its rates from the sums, with the strictest cap', () => {
    const tiles = tilesOf([
      campaign('c1', { lastHour: { dials: 10, liveAnswers: 4, connects: 3, contacts: 2 }, window: { abandons: 1, liveAnswers: 9 }, cap: 0.03, wait: [2, 3] }),
      campaign('c2', { lastHour: { dials: 30, liveAnswers: 6, connects: 5, contacts: 3 }, window: { abandons: 0, liveAnswers: 11 }, cap: 0.05, wait: [6, 1] }),
    ]);
    expect(tiles).toMatchObject({ dials: 40, liveAnswers: 10, connects: 8, contacts: 5, answerRate: 0.25, contactRate: 0.125, abandonRate: 0.05, capRate: 0.03, inFlight: 4, dialLevel: 6 });
    expect(tiles.averageWaitSec).toBe(3); // (2×3 + 6×1) ÷ 4 connects
    expect(tilesOf([])).toMatchObject({ dials: 0, answerRate: null, abandonRate: 0, capRate: null });
  });

  it('reads コンタクト率 as the KPI report does, contacts ÷ dials: not answers, nor people put through, ÷ dials', () => {
    // QA3 F1: 12 dials, 6 answered and put through with no abandon, 5 with a contact outcome. The report said 41.7 %.
    const tiles = tilesOf([campaign('c1', { lastHour: { dials: 12, liveAnswers: 6, connects: 6, contacts: 5, contactRate: 5 / 12 } })]);
    expect(tiles.answerRate).toBe(0.5);
    expect(tiles.contactRate).toBeCloseTo(5 / 12, 12);
    expect(percent(tiles.contactRate, 'ja')).toBe('41.7%');
    expect(tilesOf([campaign('c1', { lastHour: { dials: 0 } })]).contactRate).toBeNull();
  });

  it('moves an agent in the grid as the push says, and drops one signed out', () => {
    const snapshot: FloorSnapshot = { campaignId: null, at: '', campaigns: [campaign('c1', { agents: [agent({})] })] };
    const onCall = withAgent(snapshot, agent({ state: 'on_call' }));
    expect(onCall.campaigns[0].stats.agents.list.map((a) => a.state)).toEqual(['on_call']);
    const joined = withAgent(onCall, agent({ agentId: 'a0', name: 'Ayumi', state: 'paused' }));
    expect(joined.campaigns[0].stats.agents.list.map((a) => a.name)).toEqual(['Aiko', 'Ayumi']);
    expect(withAgent(joined, agent({ state: 'offline' })).campaigns[0].stats.agents.list.map((a) => a.name)).toEqual(['Ayumi']);
  });

  it('sums minutes across campaigns and weights occupancy by the agents logged in', () => {
    const minute = (dials: number, occupancy: number | null, onCall: number, ready: number) => ({ at: '2026-12-06T10:00:00.000Z', dials, liveAnswers: 1, connects: 1, abandons: 0, occupancy, agents: { on_call: onCall, ready } });
    const series = minuteSeries([campaign('c1', { minutes: [minute(2, 1, 1, 0)] }), campaign('c2', { minutes: [minute(3, 0, 0, 3)] })]);
    expect(series).toMatchObject({ x: [Date.parse('2026-12-06T10:00:00.000Z') / 1000], dials: [5], liveAnswers: [2], occupancy: [0.25] });
    expect(series.agents.on_call).toEqual([1]);
    expect(series.agents.ready).toEqual([3]);
  });

  it('keeps one abandon sample a second, for half an hour', () => {
    const tiles = tilesOf([campaign('c1', { window: { abandons: 1, liveAnswers: 50 } })]);
    let samples = withAbandonSample([], tiles, '2026-12-06T10:00:00.000Z');
    samples = withAbandonSample(samples, tiles, '2026-12-06T10:00:00.500Z');
    expect(samples).toEqual([{ atSec: Date.parse('2026-12-06T10:00:00Z') / 1000, rate: 0.02, cap: 0.03 }]);
    samples = withAbandonSample(samples, tiles, '2026-12-06T10:31:00.000Z');
    expect(samples).toHaveLength(1);
    expect(percent(0.0234, 'en', 2)).toBe('2.34%');
    expect(percent(null, 'en')).toBe('—');
  });

  it('turns the pacer’s phrases into locale keys', () => {
    expect(pacerReasonKey('predictive: abandon rate at cap, progressive')).toBe('predictive_abandon_rate_at_cap_progressive');
    expect(pacerReasonKey('no agent logged in')).toBe('no_agent_logged_in');
  });
});
