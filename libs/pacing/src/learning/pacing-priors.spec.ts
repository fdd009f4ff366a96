import { createPacer } from '../create-pacer';
import { PacingSettings } from '../pacing.types';
import { DEFAULT_PREDICTIVE_TUNING } from '../predictive/predictive-tuning';
import { snapshotOf } from '../testing/snapshots';
import { industryPacingPriors, PriorMinimums, PriorSamples, selectPacingPriors, sufficientPriorSamples } from './pacing-priors';

const MINIMUMS: PriorMinimums = { outcomes: 100, humanAnswers: 20, talks: 30, wraps: 10 };
const SETTINGS: PacingSettings = { mode: 'predictive', maxAbandonRate: 0.03, targetAbandonRate: 0.024, maxLinesPerAgent: 3, ringTimeoutSec: 25, connectGraceSec: 2 };

/** `n` outcomes of which every `humanEvery`-th is a person, with `talks` talks and `wraps` wraps. */
function samples(n: number, humanEvery: number, talks: number, wraps: number, talkSec = 90): PriorSamples {
  return {
    outcomes: Array.from({ length: n }, (_, i) => ({ afterSec: i % humanEvery === 0 ? 9 : 25, human: i % humanEvery === 0 })),
    talkSec: Array.from({ length: talks }, (_, i) => talkSec + (i % 30)),
    wrapSec: Array.from({ length: wraps }, () => 20),
  };
}

describe('pacing priors', () => {
  it('takes the campaign’s own history when it is enough', () => {
    const campaign = samples(200, 4, 50, 20);
    const priors = selectPacingPriors({ campaign, lists: samples(500, 4, 100, 50) }, MINIMUMS, 25);
    expect(priors).toEqual({ source: 'campaign', ...campaign });
  });

  it('falls back to the lists’ history in other campaigns when the campaign’s own is thin', () => {
    const lists = samples(300, 5, 60, 30);
    expect(selectPacingPriors({ campaign: samples(99, 4, 50, 20), lists }, MINIMUMS, 25)).toEqual({ source: 'lists', ...lists });
    // Enough outcomes but too few people among them, or too few talks, is thin too.
    expect(selectPacingPriors({ campaign: samples(200, 20, 50, 20), lists }, MINIMUMS, 25).source).toBe('lists');
    expect(selectPacingPriors({ campaign: samples(200, 4, 29, 20), lists }, MINIMUMS, 25).source).toBe('lists');
    expect(selectPacingPriors({ lists }, MINIMUMS, 25).source).toBe('lists');
  });

  it('falls back to conservative industry figures when no history suffices, themselves enough to stand on', () => {
    const priors = selectPacingPriors({ campaign: samples(10, 2, 3, 1), lists: samples(50, 2, 10, 5) }, MINIMUMS, 25);
    expect(priors.source).toBe('industry');
    expect(priors).toEqual(industryPacingPriors(25));
    const humans = priors.outcomes.filter((o) => o.human);
    expect(humans.length / priors.outcomes.length).toBeCloseTo(0.3, 5);
    expect(priors.outcomes.filter((o) => !o.human).every((o) => o.afterSec === 25)).toBe(true);
    expect(sufficientPriorSamples(priors, MINIMUMS)).toBe(true);
    // The predictive warm-up's own thresholds are met by them (the runner passes those as the minimums).
    const { warmUpOutcomes, warmUpHumanAnswers, warmUpTalks, warmUpWraps } = DEFAULT_PREDICTIVE_TUNING;
    expect(sufficientPriorSamples(priors, { outcomes: warmUpOutcomes, humanAnswers: warmUpHumanAnswers, talks: warmUpTalks, wraps: warmUpWraps })).toBe(true);
  });
});

describe('predictive warm-up with priors', () => {
  const busyFloor = { nowMs: 1_000, ready: 2, onCall: 10, wrapUp: 8, elapsedMs: 8_000 };

  it('without priors a new campaign dials progressively; with them it paces predictively from its first decision', () => {
    const cold = createPacer(SETTINGS).decide(snapshotOf(busyFloor));
    expect(cold.reason).toMatch(/warming up/);
    expect(cold.callsToPlace).toBe(2);

    const seeded = createPacer(SETTINGS, { priors: industryPacingPriors(25) }).decide(snapshotOf(busyFloor));
    expect(seeded.reason).toBe('predictive');
    expect(seeded.callsToPlace).toBeGreaterThan(2);
  });

  it('dials fewer lines on the conservative industry figures than on a history of rarer answers', () => {
    const industry = createPacer(SETTINGS, { priors: industryPacingPriors(25) }).decide(snapshotOf(busyFloor)).callsToPlace;
    const rare = createPacer(SETTINGS, { priors: { source: 'lists', ...samples(400, 10, 60, 30, 240) } }).decide(snapshotOf(busyFloor)).callsToPlace;
    expect(industry).toBeLessThan(rare);
  });

  it('still holds the cap: an abandon rate at the cap sends a seeded pacer back to progressive', () => {
    const pacer = createPacer(SETTINGS, { priors: industryPacingPriors(25), abandonCounts: [{ atMs: 0, liveAnswers: 50, abandons: 3 }] });
    expect(pacer.decide(snapshotOf(busyFloor)).reason).toMatch(/abandon rate at cap/);
  });

  it('predictive pacers of other modes ignore priors', () => {
    const decision = createPacer({ ...SETTINGS, mode: 'progressive' }, { priors: industryPacingPriors(25) }).decide(snapshotOf(busyFloor));
    expect(decision.callsToPlace).toBe(2);
  });
});
