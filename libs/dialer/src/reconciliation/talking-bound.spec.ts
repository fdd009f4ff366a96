import { TALKING_BOUND, talkingQuietMs } from './talking-bound';

describe('talkingQuietMs: how long a talking call may stay silent before Twilio is asked', () => {
  it('is three times the campaign’s p99 talk time', () => {
    expect(talkingQuietMs({ samples: 500, p99Sec: 90 })).toBe(270_000);
    expect(talkingQuietMs({ samples: TALKING_BOUND.minSamples, p99Sec: 300 })).toBe(900_000);
  });

  it('never goes under the floor, however short the calls', () => {
    expect(talkingQuietMs({ samples: 500, p99Sec: 2 })).toBe(60_000);
    expect(talkingQuietMs({ samples: 500, p99Sec: 0 })).toBe(60_000);
  });

  it('never goes over two hours, however long the calls', () => {
    expect(talkingQuietMs({ samples: 500, p99Sec: 4 * 3600 })).toBe(2 * 3600_000);
  });

  it('takes ten minutes while the campaign has too few answered calls to know', () => {
    expect(talkingQuietMs({ samples: TALKING_BOUND.minSamples - 1, p99Sec: 30 })).toBe(600_000);
    expect(talkingQuietMs({ samples: 0, p99Sec: null })).toBe(600_000);
    expect(talkingQuietMs({ samples: 100, p99Sec: Number.NaN })).toBe(600_000);
  });
});
