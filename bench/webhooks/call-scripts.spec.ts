import { expectedProgress, scriptCall, seededRandom, sendPlan } from './call-scripts';

describe('benchmark call scripts', () => {
  const random = seededRandom(1);
  const scripts = Array.from({ length: 2_000 }, (_, i) =>
    scriptCall({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, phone: '+15005550100' }, random, 0),
  );
  const total = scripts.reduce((sum, script) => sum + script.callbacks.length, 0);
  const plan = sendPlan(scripts, Number.MAX_SAFE_INTEGER, random, { duplicateRate: 0.07, shuffleRate: 0.3, activeCalls: 200 });

  it('sends every callback of every call, and about 7 % twice', () => {
    const originals = plan.filter((callback) => !callback.duplicate);
    expect(originals).toHaveLength(total);
    const copies = plan.length - originals.length;
    expect(copies / total).toBeGreaterThan(0.05);
    expect(copies / total).toBeLessThan(0.09);
  });

  it('numbers each call’s callbacks from 0 and ends every call in one terminal state', () => {
    for (const script of scripts.slice(0, 50)) {
      expect(script.callbacks.map((params) => params.SequenceNumber)).toEqual(script.callbacks.map((_, i) => String(i)));
      expect(['completed', 'busy', 'no_answer', 'failed']).toContain(expectedProgress(script.callbacks).state);
    }
  });

  it('sends some calls’ callbacks out of order, interleaved with other calls', () => {
    const seen = new Map<number, number>();
    let outOfOrder = 0;
    for (const callback of plan) {
      const sequence = Number(callback.params.SequenceNumber);
      if ((seen.get(callback.callIndex) ?? -1) > sequence) outOfOrder += 1;
      seen.set(callback.callIndex, Math.max(seen.get(callback.callIndex) ?? -1, sequence));
    }
    expect(outOfOrder).toBeGreaterThan(plan.length * 0.05);
    expect(new Set(plan.slice(0, 20).map((callback) => callback.callIndex)).size).toBeGreaterThan(10);
  });
});
