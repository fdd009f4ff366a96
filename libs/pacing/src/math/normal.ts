import { abs, exp } from './math-bindings';

const INV_SQRT_2PI = 0.3989422804014327;

/** Standard normal CDF, Abramowitz & Stegun 26.2.17 (|error| < 7.5e-8): no erf in JS, and it is cheap. */
export function normalCdf(x: number): number {
  const z = abs(x);
  const t = 1 / (1 + 0.2316419 * z);
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = INV_SQRT_2PI * exp(-0.5 * z * z) * poly;
  return x >= 0 ? 1 - tail : tail;
}
