import { keepServerClock, ServerClock } from './server-clock';

describe('ServerClock', () => {
  it('takes the server to have read its clock halfway through the round trip', () => {
    let local = 1_000_000;
    const clock = new ServerClock(() => local, () => local);
    expect(clock.measured).toBe(false);
    expect(clock.now()).toBe(local);
    // Asked at 1,000,000, heard back 100 ms later; the server said 980,050: it is 20 s behind the browser.
    clock.add({ sentMs: 1_000_000, serverMs: 980_050, receivedMs: 1_000_100 });
    expect(clock.offsetMs).toBe(-20_000);
    local = 1_005_000;
    expect(clock.now()).toBe(985_000);
  });

  it('trusts the measurement with the shortest round trip of the last few, a slow answer moving nothing', () => {
    const clock = new ServerClock(() => 0);
    clock.add({ sentMs: 0, serverMs: 30_010, receivedMs: 20 });
    expect(clock.offsetMs).toBe(30_000);
    // Answered late (a busy server, a slow network): half its round trip is a guess, so it is not trusted over the first.
    clock.add({ sentMs: 1_000, serverMs: 31_900, receivedMs: 1_600 });
    expect(clock.offsetMs).toBe(30_000);
    clock.add({ sentMs: 2_000, serverMs: 32_006, receivedMs: 2_010 });
    expect(clock.offsetMs).toBe(30_001);
  });

  it('forgets the old measurements when the browser’s clock is set (a jump well beyond their uncertainty)', () => {
    const clock = new ServerClock(() => 0);
    clock.add({ sentMs: 0, serverMs: 5, receivedMs: 10 });
    expect(clock.offsetMs).toBe(0);
    // The browser's clock was set back an hour: the next measurement, however slow, is the truth now.
    clock.add({ sentMs: -3_600_000, serverMs: 100_000, receivedMs: -3_599_800 });
    expect(clock.offsetMs).toBe(3_600_000 + 100_000 - 100);
  });

  it('ignores an answer that came before its question (the clock was set while it was asked)', () => {
    const clock = new ServerClock(() => 0);
    clock.add({ sentMs: 1_000, serverMs: 9_000, receivedMs: 500 });
    expect(clock.measured).toBe(false);
  });
});

describe('ServerClock against the browser’s clocks', () => {
  it('keeps the server’s time when the browser’s wall clock is set forward an hour mid-call (it counts on the steady clock)', () => {
    let steady = 5_000;
    let wall = 1_000_000;
    const clock = new ServerClock(() => steady, () => wall);
    clock.add({ sentMs: 5_000, serverMs: 1_000_010, receivedMs: 5_020 });
    steady += 2_000;
    wall += 2_000 + 3_600_000;
    expect(clock.now()).toBe(1_002_000);
  });

  it('takes a response’s Date header until the socket answers, then only the socket', () => {
    const steady = 10_000;
    const clock = new ServerClock(() => steady, () => Date.UTC(2026, 11, 7, 10, 0, 0));
    // The browser's wall clock is an hour ahead; the api said 09:00:00 (to the second).
    clock.addDateHeader('Mon, 07 Dec 2026 09:00:00 GMT', steady);
    expect(Math.abs(clock.now() - Date.UTC(2026, 11, 7, 9, 0, 0))).toBeLessThanOrEqual(1_000);
    clock.add({ sentMs: steady - 5, serverMs: Date.UTC(2026, 11, 7, 9, 0, 0, 250), receivedMs: steady + 5 });
    expect(clock.now()).toBe(Date.UTC(2026, 11, 7, 9, 0, 0, 250));
    // A later header moves nothing: the socket's answer is better.
    clock.addDateHeader('Mon, 07 Dec 2026 09:00:05 GMT', steady);
    expect(clock.now()).toBe(Date.UTC(2026, 11, 7, 9, 0, 0, 250));
    clock.addDateHeader('not a date', steady);
    expect(clock.now()).toBe(Date.UTC(2026, 11, 7, 9, 0, 0, 250));
  });
});

describe('keepServerClock', () => {
  afterEach(() => jest.useRealTimers());

  it('asks a few times when the socket opens, then every so often, until stopped; a failed question is skipped', async () => {
    jest.useFakeTimers({ now: 50_000 });
    const clock = new ServerClock();
    const ask = jest.fn(async () => Date.now() + 7_000);
    ask.mockRejectedValueOnce(new Error('operation has timed out'));
    const stop = keepServerClock(ask, 60_000, clock);
    await jest.advanceTimersByTimeAsync(0);
    expect(ask).toHaveBeenCalledTimes(3);
    expect(clock.now()).toBe(Date.now() + 7_000);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(ask).toHaveBeenCalledTimes(4);
    stop();
    await jest.advanceTimersByTimeAsync(600_000);
    expect(ask).toHaveBeenCalledTimes(4);
  });
});
