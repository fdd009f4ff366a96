import { Injectable } from '@nestjs/common';
import { SocketEmitter } from './socket-emitter';
import { SIGNED_IN_NAMESPACES } from './socket-rooms';

/** The api processes' server-side event (in each signed-in namespace) carrying the user whose sockets to check again. */
export const RECHECK_SIGN_IN = 'recheck_sign_in';

/**
 * Has every api process check a user's open sockets (desks, wallboards)
 * against their sign-in now rather than at the minute's re-check: after an
 * account change, each socket whose sign-in no longer holds (deactivated,
 * password reset) or whose channel the user's role no longer opens is told
 * why and closed, as the re-check would (SocketSignIns).
 */
@Injectable()
export class SignInRechecks {
  constructor(private readonly sockets: SocketEmitter) {}

  request(userId: string): Promise<void> {
    return this.sockets.send((emitter) => {
      for (const namespace of SIGNED_IN_NAMESPACES) emitter.of(namespace).serverSideEmit(RECHECK_SIGN_IN, userId);
    });
  }
}
