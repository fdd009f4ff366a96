import { EventEmitter } from 'node:events';
import type { Namespace, Socket } from 'socket.io';
import { RECHECK_SIGN_IN } from '@dialer/agents';
import type { Principal } from '@dialer/auth';
import { DomainError } from '@dialer/core';
import { SocketSignIns } from './socket-sign-ins';

/** A namespace as answerRechecks uses it: its sockets, and the server-side events it hears. */
function namespace(): Namespace & { sockets: Map<string, Socket> } {
  return Object.assign(new EventEmitter(), { name: '/floor', sockets: new Map<string, Socket>() }) as unknown as Namespace & { sockets: Map<string, Socket> };
}

function socket(id: string, token: string): Socket & { disconnect: jest.Mock } {
  return { id, connected: true, handshake: { auth: { token } }, data: {}, emit: jest.fn(), disconnect: jest.fn() } as unknown as Socket & { disconnect: jest.Mock };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

/** A socket in the namespace, opening as the gateways' handleConnection opens it: `admit()` reads its sign-in, then it is open. */
function openingSocket(signIns: SocketSignIns, floor: ReturnType<typeof namespace>, id: string, token: string) {
  const opening = socket(id, token);
  floor.sockets.set(opening.id, opening);
  let opened!: () => void;
  opening.data.opened = new Promise<void>((resolve) => (opened = resolve));
  return { opening, admit: () => signIns.admit(opening).finally(() => opened()) };
}

describe('SocketSignIns.answerRechecks', () => {
  it('cuts off a socket still opening when its user changes: its sign-in may have been read before the change', async () => {
    // The account is deactivated while the socket's sign-in is being read (as it was before the change).
    let deactivated = false;
    let readBeforeChange!: (principal: Principal) => void;
    const authorise = jest
      .fn<Promise<Principal>, [string]>()
      .mockImplementationOnce(() => new Promise((resolve) => (readBeforeChange = resolve)))
      .mockImplementation(async () => {
        if (deactivated) throw new DomainError('AUTH_INVALID_TOKEN', 'signed out since', 'unauthenticated');
        return { userId: 'u1', role: 'manager' } as Principal;
      });
    const signIns = new SocketSignIns(authorise, () => undefined);
    const floor = namespace();
    signIns.answerRechecks(floor);

    const { opening, admit } = openingSocket(signIns, floor, 's1', 'token-1');
    const admitted = admit();

    deactivated = true;
    floor.emit(RECHECK_SIGN_IN, 'u1');
    readBeforeChange({ userId: 'u1', role: 'manager' } as Principal);
    await admitted;
    await flush();

    expect(opening.disconnect).toHaveBeenCalledWith(true);
    expect(opening.emit).toHaveBeenCalledWith('error', { code: 'AUTH_INVALID_TOKEN', message: 'signed out since' });
  });

  it("leaves another user's sockets, opening or open, unchecked", async () => {
    const authorise = jest.fn(async () => ({ userId: 'u2', role: 'manager' }) as Principal);
    const signIns = new SocketSignIns(authorise, () => undefined);
    const floor = namespace();
    signIns.answerRechecks(floor);
    const open = socket('s2', 'token-2');
    open.data = { token: 'token-2', principal: { userId: 'u2' }, opened: Promise.resolve() };
    floor.sockets.set(open.id, open);
    const { opening, admit } = openingSocket(signIns, floor, 's3', 'token-3');
    const admitted = admit();

    floor.emit(RECHECK_SIGN_IN, 'u1');
    await admitted;
    await flush();

    expect(authorise).toHaveBeenCalledTimes(1); // the opening socket's own admission only
    expect(open.disconnect).not.toHaveBeenCalled();
    expect(opening.disconnect).not.toHaveBeenCalled();
  });

  it('does no work for a payload SignInRechecks never sends', async () => {
    const authorise = jest.fn(async () => ({ userId: 'u2', role: 'manager' }) as Principal);
    const signIns = new SocketSignIns(authorise, () => undefined);
    const floor = namespace();
    signIns.answerRechecks(floor);
    const { admit } = openingSocket(signIns, floor, 's4', 'token-4');

    for (const payload of [undefined, null, { userId: 'u2' }, ['u2']]) floor.emit(RECHECK_SIGN_IN, payload);
    await admit();
    await flush();

    expect(authorise).toHaveBeenCalledTimes(1); // its admission only
  });
});
