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
