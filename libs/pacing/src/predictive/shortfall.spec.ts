import fc from 'fast-check';
import { refinedNormal, Shortfall } from './shortfall';

/** Brute force P(c + Σ callees − Σ agents + Binomial(extra, p) ≥ 0) by convolution. */
function bruteForce(constant: number, callees: number[], agents: number[], extra = 0, p = 0): number {
  let dist = new Map<number, number>([[constant, 1]]);
  const step = (prob: number, delta: number) => {
    const next = new Map<number, number>();
    for (const [x, w] of dist) {
      next.set(x, (next.get(x) ?? 0) + w * (1 - prob));
      next.set(x + delta, (next.get(x + delta) ?? 0) + w * prob);
    }
    dist = next;
  };
  callees.forEach((c) => step(c, 1));
  agents.forEach((q) => step(q, -1));
  for (let i = 0; i < extra; i++) step(p, 1);
  let total = 0;
  for (const [x, w] of dist) if (x >= 0) total += w;
  return total;
}

const probability = fc.double({ min: 0, max: 1, noNaN: true });
const floor = fc.record({
  constant: fc.integer({ min: -6, max: 3 }),
  callees: fc.array(probability, { maxLength: 20 }),
  agents: fc.array(probability, { maxLength: 20 }),
  extra: fc.integer({ min: 0, max: 30 }),
  p: probability,
});

function build({ constant, callees, agents }: { constant: number; callees: number[]; agents: number[] }): Shortfall {
  const shortfall = new Shortfall(1);
  shortfall.reset(1, constant);
  callees.forEach((c) => shortfall.addCallee(Float64Array.of(c)));
  agents.forEach((q) => shortfall.addAgent(Float64Array.of(q)));
  return shortfall;
}

describe('Shortfall', () => {
  it('stays within a few points of the truth even on tiny floors, new calls included (property)', () => {
    fc.assert(
      fc.property(floor, (f) => {
        const approx = build(f).probabilityNotNegative(0, f.extra, f.p);
        expect(approx).toBeGreaterThanOrEqual(0);
        expect(approx).toBeLessThanOrEqual(1);
        expect(Math.abs(approx - bruteForce(f.constant, f.callees, f.agents, f.extra, f.p))).toBeLessThan(0.1);
      }),
    );
  });

  it('is close on large floors (property)', () => {
    const large = fc.record({
      constant: fc.integer({ min: -20, max: 0 }),
      callees: fc.array(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { minLength: 40, maxLength: 80 }),
      agents: fc.array(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { minLength: 10, maxLength: 40 }),
    });
    fc.assert(
      fc.property(large, (f) => {
        const approx = build(f).probabilityNotNegative(0, 0, 0);
        expect(Math.abs(approx - bruteForce(f.constant, f.callees, f.agents))).toBeLessThan(0.01);
      }),
      { numRuns: 50 },
    );
  });

  it('corrects the plain normal for skew (20 calls at p = 0.1 against two agents)', () => {
    const callees = Array<number>(20).fill(0.1);
    const truth = bruteForce(-2, callees, []);
    const moments = build({ constant: -2, callees, agents: [] });
    const refined = refinedNormal(moments.mean[0], moments.variance[0], moments.third[0]);
    const plain = refinedNormal(moments.mean[0], moments.variance[0], 0);
    expect(Math.abs(refined - truth)).toBeLessThan(Math.abs(plain - truth) / 2);
  });

  it('is certain when nothing is uncertain', () => {
    expect(build({ constant: 0, callees: [], agents: [] }).probabilityNotNegative(0, 0, 0)).toBe(1);
    expect(build({ constant: -1, callees: [], agents: [] }).probabilityNotNegative(0, 0, 0)).toBe(0);
  });
});
