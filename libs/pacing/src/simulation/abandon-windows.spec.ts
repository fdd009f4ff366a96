import fc from 'fast-check';
import { worstWindowRate } from './abandon-windows';

describe('worstWindowRate', () => {
  it('finds the worst full window, or the whole run when shorter (property)', () => {
    const bin = fc.record({ answers: fc.integer({ min: 0, max: 20 }), abandons: fc.integer({ min: 0, max: 2 }) });
    fc.assert(
      fc.property(fc.array(bin, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 20 }), (bins, window) => {
        const answers = Int32Array.from(bins, (b) => b.answers);
        const abandons = Int32Array.from(bins, (b) => b.abandons);
        const rate = (from: number, to: number) => {
          let a = 0;
          let x = 0;
          for (let i = from; i < to; i++) {
            a += answers[i];
            x += abandons[i];
          }
          return a > 0 ? x / a : 0;
        };
        let worst = rate(0, Math.min(window, bins.length));
        for (let end = window + 1; end <= bins.length; end++) worst = Math.max(worst, rate(end - window, end));
        expect(worstWindowRate(answers, abandons, window, bins.length)).toBeCloseTo(worst, 12);
      }),
    );
  });
});
