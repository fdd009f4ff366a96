import { Inject, Injectable } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig, REDIS } from '@dialer/core';
import { socketIoKey } from './socket-rooms';

/**
 * socket.io's Redis emitter, as every process uses it to reach the api
 * processes' sockets (their Redis adapter passes it on): one publisher,
 * whose sends can be awaited.
 */
@Injectable()
export class SocketEmitter {
  private readonly emitter: Emitter;
  /**
   * The emitter publishes without looking at the result: a send's publishes
   * are kept so `send` can await them all (and fail when Redis does). Only the
   * last would leave the others' failures unhandled, and one send may publish
   * several (one per namespace): an unhandled rejection ends the process.
   */
  private published: Promise<unknown>[] = [];

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    const publisher = {
      publish: (channel: string, message: Buffer | string) => {
        const sent = redis.publish(channel, message);
        this.published.push(sent);
        return sent;
      },
    };
    this.emitter = new Emitter(publisher, { key: socketIoKey(config) });
  }

  /** Runs `emit` on the emitter (it publishes at once); settles once Redis took everything it published. */
  async send(emit: (emitter: Emitter) => void): Promise<void> {
    this.published = [];
    emit(this.emitter);
    await Promise.all(this.published);
  }
}
