import { erlangB, erlangBLoad, erlangBOccupancy } from './erlang-b';

describe('Erlang B', () => {
  it('matches textbook values', () => {
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 12);
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 12);
    // Tables: 10 servers at 3 % blocking carry about 5.53 erlangs.
    expect(erlangBLoad(10, 0.03)).toBeCloseTo(5.53, 2);
  });

  it('gives the occupancy of random arrivals at the abandon cap', () => {
    expect(erlangBOccupancy(10, 0.03)).toBeCloseTo((5.53 * 0.97) / 10, 2);
    expect(erlangBOccupancy(100, 0.03)).toBeGreaterThan(erlangBOccupancy(10, 0.03));
  });
});
