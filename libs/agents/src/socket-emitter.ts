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
  /** The emitter publishes without looking at the result: the last publish is kept so `send` can await it (and fail when Redis does). */
  private published: Promise<unknown> = Promise.resolve();

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    const publisher = { publish: (channel: string, message: Buffer | string) => (this.published = redis.publish(channel, message)) };
    this.emitter = new Emitter(publisher, { key: socketIoKey(config) });
  }

  /** Runs `emit` on the emitter; settles once Redis took what it published. */
  async send(emit: (emitter: Emitter) => void): Promise<void> {
    emit(this.emitter);
    await this.published;
  }
}
