import { RINGING_BOUND, ringingQuietMs } from './ringing-bound';

describe('ringingQuietMs: how long a ringing call may stay silent before Twilio is asked', () => {
  it('is the campaign’s ring timeout plus a grace for a slow callback', () => {
    expect(ringingQuietMs(20)).toBe(50_000);
    expect(ringingQuietMs(45)).toBe(75_000);
  });

  it('never waits longer than three minutes, however long the ring timeout', () => {
    expect(ringingQuietMs(600)).toBe(RINGING_BOUND.ceilingMs);
    expect(ringingQuietMs(150)).toBe(180_000);
  });
});
