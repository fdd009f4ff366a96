import { Inject, Injectable } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig, REDIS } from '@dialer/core';

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

/**
 * Delivers notices to agents whichever process produced them (a webhook in
 * the api, the pacing loop in the worker): socket.io's Redis emitter
 * broadcasts to the agent's room through the api processes' Redis adapter,
 * so the desk gets it once, whichever api holds its socket.
 */
@Injectable()
export class AgentNotifier {
  private readonly emitter: Emitter;
  /** The emitter publishes without looking at the result: the last publish is kept so `notify` can await it (and fail when Redis does). */
  private published: Promise<unknown> = Promise.resolve();

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    const publisher = { publish: (channel: string, message: Buffer) => (this.published = redis.publish(channel, message)) };
    this.emitter = new Emitter(publisher, { key: socketIoKey(config) });
  }

  async notify(agentId: string, type: string, payload: unknown): Promise<void> {
    // As JSON: what the desk gets is exactly what it got before (dates as ISO strings).
    const json = JSON.parse(JSON.stringify(payload ?? null)) as unknown;
    this.emitter.of(DESK_NAMESPACE).to(deskRoom(agentId)).emit(type, json);
    // The wallboards see every state change of the campaign's agents as it happens.
    const campaignId = type === 'state' ? (payload as { campaignId?: string | null } | null)?.campaignId : null;
    if (campaignId) this.emitter.of(FLOOR_NAMESPACE).to([floorRoom(campaignId), FLOOR_ROOM]).emit('agent', json);
    await this.published;
  }

  /**
   * Closes the agent's desks now, on whichever api process holds them, as
   * their next sign-in check would (told why, then closed: the desk does not
   * reopen on a refusal); the disconnect takes the agent off the calls.
   */
  async signOut(agentId: string, refusal: { code: string; message: string }): Promise<void> {
    const desks = this.emitter.of(DESK_NAMESPACE).in(deskRoom(agentId));
    desks.emit('error', refusal);
    desks.disconnectSockets(true);
    await this.published;
  }
}
