import { createPacer } from '../create-pacer';
import { campaignScenario } from './campaign-scenario';
import { PacerFactory, simulateCampaign } from './simulate-campaign';

const ours: PacerFactory = (settings, seed) => createPacer(settings, { seed });

// One 8-hour day of 20 agents at p = 0.25: ~4,000 person answers, a fraction of a second to run.
const day = campaignScenario({ agents: 20, days: 1 });

describe('simulateCampaign', () => {
  it('replays the same run from the same seed, and a different one from another', () => {
    const first = simulateCampaign(campaignScenario({ agents: 5, days: 1 }), ours, { seed: 7 });
    const again = simulateCampaign(campaignScenario({ agents: 5, days: 1 }), ours, { seed: 7 });
    const other = simulateCampaign(campaignScenario({ agents: 5, days: 1 }), ours, { seed: 8 });
    expect(again).toEqual(first);
    expect(other.dials).not.toBe(first.dials);
  });

  it.each([1, 2, 3])('keeps the realised abandon rate under the cap (seed %i)', (seed) => {
    const report = simulateCampaign(day, ours, { seed });
    expect(report.humanAnswers).toBeGreaterThan(2_000);
    expect(report.abandonRate).toBeLessThan(day.settings.maxAbandonRate);
    expect(report.worst24HourAbandonRate).toBeLessThan(day.settings.maxAbandonRate);
    // …and is worth running: it beats progressive dialing by a wide margin.
    expect(report.talkOccupancy).toBeGreaterThan(0.7);
  });

  it('progressive dialing keeps agents far from full but abandons almost nobody', () => {
    const scenario = campaignScenario({ agents: 20, days: 1, settings: { mode: 'progressive' } });
    const report = simulateCampaign(scenario, ours, { seed: 1 });
    // Only a callee answering just as their agent logs off is lost.
    expect(report.abandonRate).toBeLessThan(0.002);
    expect(report.talkOccupancy).toBeGreaterThan(0.4);
    expect(report.talkOccupancy).toBeLessThan(0.7);
  });

  it('tells the pacer of departures the agents announce mid-call, and of none they do not', () => {
    const seen = (share: number) => {
      const announced = new Set<string>();
      const spy: PacerFactory = (settings, seed) => {
        const inner = createPacer(settings, { seed });
        return {
          observe: (event) => inner.observe(event),
          decide: (snapshot) => {
            for (const agent of snapshot.agents) if (agent.announcedPause) announced.add(agent.id);
            return inner.decide(snapshot);
          },
        };
      };
      const scenario = campaignScenario({ agents: 10, days: 1, shift: { announcedLeaveShare: share } });
      return { announced, report: simulateCampaign(scenario, spy, { seed: 5 }) };
    };
    const none = seen(0);
    const all = seen(1);
    expect(none.announced.size).toBe(0);
    // Nearly every agent leaves mid-call at least once (a break or the end of the shift) and says so.
    expect(all.announced.size).toBeGreaterThanOrEqual(5);
    // The same world either way: the same shifts, the same logged-in hours.
    expect(all.report.agentHours).toBeCloseTo(none.report.agentHours, 0);
  });

  it('reports consistent figures', () => {
    const report = simulateCampaign(campaignScenario({ agents: 10, days: 2, settings: { mode: 'power', powerRatio: 3 } }), ours, { seed: 3 });
    expect(report.days).toBe(2);
    expect(report.daily).toHaveLength(2);
    expect(report.connects + report.abandoned).toBe(report.humanAnswers);
    // Two shifts of 10 agents, less breaks and staggered starts and ends.
    expect(report.agentHours).toBeGreaterThan(2 * 10 * 7);
    expect(report.agentHours).toBeLessThan(2 * 10 * 8);
    expect(report.talkMinutesPerAgentHour).toBeCloseTo(report.talkOccupancy * 60, 6);
    expect(report.worst24HourAbandonRate).toBeGreaterThanOrEqual(report.abandonRate - 1e-12);
    expect(report.daily.reduce((sum, d) => sum + d.humanAnswers, 0)).toBe(report.humanAnswers);
  });

  it('refuses agentless campaigns, which have no agents to model', () => {
    expect(() => simulateCampaign(campaignScenario({ agents: 0, settings: { mode: 'agentless', agentlessLines: 5 } }), ours)).toThrow(/agent campaigns/);
  });
});
