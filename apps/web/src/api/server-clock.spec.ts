import { keepServerClock, ServerClock } from './server-clock';

describe('ServerClock', () => {
  it('takes the server to have read its clock halfway through the round trip', () => {
    let local = 1_000_000;
    const clock = new ServerClock(() => local);
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
    expect(clock.offsetMs).toBe(7_000);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(ask).toHaveBeenCalledTimes(4);
    stop();
    await jest.advanceTimersByTimeAsync(600_000);
    expect(ask).toHaveBeenCalledTimes(4);
  });
});
