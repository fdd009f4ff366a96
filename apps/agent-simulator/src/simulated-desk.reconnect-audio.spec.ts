import { SimulatedDesk } from './simulated-desk';

/** Attack probes of the simulated desk's audio reconnection (reconnectAudio, on a `no_audio` pause). */

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function desk() {
  const firstLook = deferred<string | undefined>();
  let looks = 0;
  const calls: string[] = [];
  let closed = false;
  const audio = {
    // The emulator is slow to answer the first look (a loaded machine, a soak's hundred desks).
    state: jest.fn(async () => (++looks === 1 ? firstLook.promise : 'available')),
    connect: jest.fn(async () => void calls.push(closed ? 'connect after close' : 'connect')),
    disconnect: jest.fn(async () => {
      closed = true;
      calls.push('disconnect');
    }),
  };
  const socket = {
    emit: jest.fn(async () => ({ ok: true })),
    close: jest.fn(),
    socket: { on: jest.fn(), io: { on: jest.fn() } },
  };
  const options = { apiUrl: 'http://api', emulatorUrl: 'http://emulator', token: 't', userId: 'agent-1', campaignId: 'c1' };
  // The constructor is private (desks open through SimulatedDesk.open): built here around fakes.
  const Desk = SimulatedDesk as unknown as new (...args: unknown[]) => SimulatedDesk;
  const simulated = new Desk(options, socket, audio);
  return { simulated, audio, socket, calls, firstLook };
}

describe('SimulatedDesk: reconnecting a dropped audio leg', () => {
  it('does not connect a new audio leg for a desk that left (and closed) while it was reconnecting', async () => {
    const { simulated, calls, firstLook } = desk();
    (simulated as unknown as { presence: unknown }).presence = { state: 'paused', pauseReason: 'no_audio', agentId: 'agent-1', campaignId: 'c1' };
    const reconnecting = (simulated as unknown as { reconnectAudio(): Promise<void> }).reconnectAudio();
    await flush(); // waiting on the emulator's answer

    await simulated.leave(0); // the shift ends meanwhile: paused, left, socket closed, leg hung up
    firstLook.resolve('disconnected');
    await reconnecting;

    // A leg dialed after the desk closed stays in the agent's room for nobody (up to 24 h now).
    expect(calls).not.toContain('connect after close');
  });
});
