import { CpsLimiter } from './cps-limiter';

describe('CpsLimiter', () => {
  it('queues calls beyond the rate one slot apart, counting the time that has passed', () => {
    let now = 0;
    const limiter = new CpsLimiter(() => now);
    expect([limiter.reserve(1), limiter.reserve(1), limiter.reserve(1)]).toEqual([0, 1000, 2000]);
    now = 1500;
    expect(limiter.reserve(1)).toBe(1500); // the slot at 3000
    now = 10_000;
    expect(limiter.reserve(1)).toBe(0); // idle again
  });

  it('spaces calls by 1/cps', () => {
    const limiter = new CpsLimiter(() => 0);
    expect([limiter.reserve(5), limiter.reserve(5), limiter.reserve(5)]).toEqual([0, 200, 400]);
  });
});
