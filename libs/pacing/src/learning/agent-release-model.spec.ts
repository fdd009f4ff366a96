import { AgentReleaseModel } from './agent-release-model';
import { DurationModel } from './duration-model';

describe('AgentReleaseModel', () => {
  // Talk always 60.5 s, wrap always 10.5 s (mid-bin), learned from many observations.
  const talk = new DurationModel(1800, Number.POSITIVE_INFINITY);
  const wrap = new DurationModel(600, Number.POSITIVE_INFINITY);
  for (let i = 0; i < 5000; i++) {
    talk.add(60.5);
    wrap.add(10.5);
  }
  talk.refresh();
  wrap.refresh();
  const model = new AgentReleaseModel(talk, wrap, 1800, 8);
  const horizons = Float64Array.from([4, 8, 12, 16, 22]);
  model.rebuild(horizons, horizons.length);

  const freed = (fill: (out: Float64Array) => void) => {
    const out = new Float64Array(8);
    fill(out);
    return Array.from(out.subarray(0, horizons.length));
  };

  it('frees an agent 52 s into a 60.5 s call after the rest of the talk and the wrap (19 s)', () => {
    const q = freed((s) => model.onCallProbabilities(52, s));
    expect(q[2]).toBeLessThan(0.05);
    expect(q[3]).toBeLessThan(0.05);
    expect(q[4]).toBeGreaterThan(0.95);
  });

  it('frees an agent 5 s into wrap-up within the next 5–6 s, not before', () => {
    const q = freed((s) => model.wrapUpProbabilities(5, s));
    expect(q[0]).toBeLessThan(0.05);
    expect(q[1]).toBeGreaterThan(0.95);
  });

  it('does not expect an agent who extended their wrap-up before its new deadline', () => {
    const q = freed((s) => model.wrapUpProbabilities(5, s, 14));
    expect(q.slice(0, 3)).toEqual([0, 0, 0]);
    expect(q[3]).toBeGreaterThan(0.95);
  });

  it('barely expects an agent who just connected', () => {
    expect(Math.max(...freed((s) => model.onCallProbabilities(0, s)))).toBeLessThan(0.05);
  });
});
