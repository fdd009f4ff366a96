import type { AppConfig } from '@dialer/core';

/** The socket.io namespace of the agent desktop. */
export const DESK_NAMESPACE = '/agents';

/** The socket.io room of one agent's desks (every tab, on whichever api process). */
export const deskRoom = (agentId: string) => `agent:${agentId}`;

/** The socket.io namespace of the supervisors' wallboard. */
export const FLOOR_NAMESPACE = '/floor';

/** The wallboard room of one campaign; `FLOOR_ROOM` holds the wallboards watching the whole floor. */
export const floorRoom = (campaignId: string) => `campaign:${campaignId}`;
export const FLOOR_ROOM = 'floor';

/** The Redis key (channel prefix) socket.io's adapter and emitter share: per product prefix, so test runs never cross. */
export const socketIoKey = (config: AppConfig) => `${config.redis.queuePrefix}:socket.io`;

/** The namespaces whose sockets are signed in (SocketSignIns): each is asked to check a user's sockets again when their account changes (SignInRechecks). */
export const SIGNED_IN_NAMESPACES: readonly string[] = [DESK_NAMESPACE, FLOOR_NAMESPACE];
