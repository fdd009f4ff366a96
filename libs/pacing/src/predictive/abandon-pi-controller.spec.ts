import { AbandonRateController, ControllerTuning } from './abandon-pi-controller';

const TUNING: ControllerTuning = {
  initialThresholdPerTarget: 1,
  minThresholdPerTarget: 0.25,
  maxThresholdPerTarget: 4,
  proportionalGain: 0,
  integralAnswers: 100,
  recentHalfLifeAnswers: 100,
};
const TARGET = 0.02;

const feed = (controller: AbandonRateController, answers: number, abandonEvery: number) => {
  for (let i = 1; i <= answers; i++) {
    controller.recordAnswer();
    if (abandonEvery > 0 && i % abandonEvery === 0) controller.recordAbandon();
  }
};

describe('AbandonRateController', () => {
  it('holds its threshold when the realised rate is on target', () => {
    const controller = new AbandonRateController(TARGET, TUNING);
    controller.engaged = true;
    feed(controller, 5000, 50);
    expect(controller.threshold()).toBeCloseTo(TARGET, 3);
  });

  it('raises the threshold under target and lowers it over', () => {
    const under = new AbandonRateController(TARGET, TUNING);
    under.engaged = true;
    feed(under, 50, 0);
    expect(under.threshold()).toBeGreaterThan(TARGET);
    const over = new AbandonRateController(TARGET, TUNING);
    over.engaged = true;
    feed(over, 50, 10);
    expect(over.threshold()).toBeLessThan(TARGET);
  });

  it('does not wind up: a long unused surplus leaves the output at its bound, not beyond', () => {
    const controller = new AbandonRateController(TARGET, TUNING);
    controller.engaged = true;
    feed(controller, 100_000, 0);
    expect(controller.threshold()).toBeCloseTo(4 * TARGET, 9);
    // The first abandons pull it down at once instead of first eating a huge integral.
    feed(controller, 50, 5);
    expect(controller.threshold()).toBeLessThan(4 * TARGET * 0.5);
  });

  it('does not integrate while disengaged (warm-up, fallback) or held by the line ceiling', () => {
    const controller = new AbandonRateController(TARGET, TUNING);
    feed(controller, 1000, 0);
    expect(controller.threshold()).toBeCloseTo(TARGET, 12);
    controller.engaged = true;
    controller.saturated = true;
    feed(controller, 1000, 0);
    expect(controller.threshold()).toBeCloseTo(TARGET, 12);
  });

  it('stays within its bounds with a proportional term on a burst of abandons', () => {
    const controller = new AbandonRateController(TARGET, { ...TUNING, proportionalGain: 2 });
    controller.engaged = true;
    feed(controller, 20, 1);
    expect(controller.threshold()).toBeCloseTo(0.25 * TARGET, 12);
  });
});

describe('AbandonRateController: the proportional half', () => {
  /** Proportional only: disengaged, so the integral stays at zero. */
  const pOnly = (gain: number) => new AbandonRateController(TARGET, { ...TUNING, proportionalGain: gain });
  const decay = 2 ** (-1 / TUNING.recentHalfLifeAnswers);

  it('starts at the initial threshold and stays there before the first answer', () => {
    const controller = pOnly(0.4);
    expect(controller.threshold()).toBeCloseTo(TARGET, 15);
    controller.recordAbandon();
    expect(controller.threshold()).toBeCloseTo(TARGET, 15);
  });

  it('scales with the initial threshold', () => {
    expect(new AbandonRateController(TARGET, { ...TUNING, initialThresholdPerTarget: 2 }).threshold()).toBeCloseTo(2 * TARGET, 15);
  });

  it('moves log(threshold) by gain × relative error from the first answer on', () => {
    const controller = pOnly(0.4);
    controller.recordAnswer();
    // No abandon in one answer: relative error (0.02 − 0) / 0.02 = 1.
    expect(controller.threshold()).toBeCloseTo(TARGET * Math.exp(0.4), 15);
  });

  it('limits the error to −3 on a tiny sample (one abandon in one answer is −49)', () => {
    const controller = pOnly(0.4);
    controller.recordAnswer();
    controller.recordAbandon();
    expect(controller.threshold()).toBeCloseTo(TARGET * Math.exp(-1.2), 15);
  });

  it('sees a recent rate whose answers and abandons both fade with the half-life', () => {
    const controller = pOnly(0.4);
    for (let i = 0; i < 10; i++) controller.recordAnswer();
    controller.recordAbandon();
    for (let i = 0; i < 100; i++) controller.recordAnswer();
    // 110 answers, the oldest weighing least; the abandon, 100 answers (one half-life) old, weighs 0.5.
    const answers = (1 - decay ** 110) / (1 - decay);
    const error = (TARGET - 0.5 / answers) / TARGET;
    expect(controller.threshold()).toBeCloseTo(TARGET * Math.exp(0.4 * error), 15);
  });

  it('adds the proportional and integral terms, keeping their sum within bounds (back-calculation)', () => {
    const controller = new AbandonRateController(TARGET, { ...TUNING, proportionalGain: 0.4 });
    controller.engaged = true;
    for (let i = 0; i < 1000; i++) controller.recordAnswer();
    expect(controller.threshold()).toBeCloseTo(4 * TARGET, 12);
    controller.recordAbandon();
    // The integral was held at log(4) − 0.4 (the room the proportional term left); an abandon takes 1/(0.02 × 100) = 0.5 off it.
    const answers = (1 - decay ** 1000) / (1 - decay);
    const proportional = 0.4 * ((TARGET - 1 / answers) / TARGET);
    expect(controller.threshold()).toBeCloseTo(TARGET * Math.exp(proportional + Math.log(4) - 0.4 - 0.5), 12);
  });
});

describe('AbandonRateController: the integral half', () => {
  it('moves log(threshold) by one per integralAnswers answers of surplus, and back by one per target × integralAnswers abandons', () => {
    const controller = new AbandonRateController(TARGET, TUNING);
    controller.engaged = true;
    for (let i = 0; i < 100; i++) controller.recordAnswer();
    expect(controller.threshold()).toBeCloseTo(TARGET * Math.E, 12);
    controller.recordAbandon();
    expect(controller.threshold()).toBeCloseTo(TARGET * Math.exp(0.5), 12);
    controller.recordAbandon();
    expect(controller.threshold()).toBeCloseTo(TARGET, 12);
  });

  it('does not count abandons while disengaged', () => {
    const controller = new AbandonRateController(TARGET, TUNING);
    controller.recordAbandon();
    expect(controller.threshold()).toBeCloseTo(TARGET, 15);
  });

  it('still counts abandons while saturated (the ceiling holds back aggression, not caution)', () => {
    const controller = new AbandonRateController(TARGET, TUNING);
    controller.engaged = true;
    controller.saturated = true;
    controller.recordAbandon();
    expect(controller.threshold()).toBeCloseTo(TARGET * Math.exp(-0.5), 12);
  });

  it('does not wind down past the lower bound either', () => {
    const controller = new AbandonRateController(TARGET, TUNING);
    controller.engaged = true;
    for (let i = 0; i < 100; i++) controller.recordAbandon();
    expect(controller.threshold()).toBeCloseTo(0.25 * TARGET, 12);
    // Held at the bound: 100 answers (one unit of log) lift it at once.
    for (let i = 0; i < 100; i++) controller.recordAnswer();
    expect(controller.threshold()).toBeCloseTo(0.25 * TARGET * Math.E, 12);
  });

  it('does not wind down past the lower bound with a proportional term either: clean answers lift it off the floor at once', () => {
    const controller = new AbandonRateController(TARGET, { ...TUNING, proportionalGain: 0.4 });
    controller.engaged = true;
    controller.recordAnswer();
    for (let i = 0; i < 10; i++) controller.recordAbandon();
    expect(controller.threshold()).toBeCloseTo(0.25 * TARGET, 12);
    // The recent rate stays above 4 × target for these 50 answers, so the proportional term holds at −3 × 0.4;
    // the integral, held where the floor began, climbs 50 / 100 = 0.5 from it.
    for (let i = 0; i < 50; i++) controller.recordAnswer();
    expect(controller.threshold()).toBeCloseTo(0.25 * TARGET * Math.exp(0.5), 12);
  });
});
