import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { socketIoKey } from '@dialer/agents';
import { AppConfig } from '@dialer/core';

/**
 * socket.io with its Redis adapter: every api process shares the agents'
 * rooms, so a desk connected to one process is seen (fetchSockets) and
 * reached (broadcasts, and the worker's emitter) through all of them.
 * Messages sent while Redis was away are lost: `onResubscribed` is told each
 * time the subscription is back after a loss, for the desks to be sent their
 * state again.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly clients: Redis[] = [];
  private sharedReady?: Promise<void>;

  constructor(
    app: INestApplicationContext,
    private readonly redis: Redis,
    private readonly config: AppConfig,
    private readonly onResubscribed: () => void = () => undefined,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    // Its own connections, queueing while Redis is away (the shared client fails fast by design).
    const pub = this.redis.duplicate({ enableOfflineQueue: true, lazyConnect: false });
    const sub = this.redis.duplicate({ enableOfflineQueue: true, lazyConnect: false });
    for (const client of [pub, sub]) client.on('error', () => undefined); // the adapter logs through its own handler
    // ioredis says `ready` once connected and again after each reconnection (its channels subscribed again).
    // The desks' state is read through the shared client, which fails fast until it is back too: wait for it.
    let subscribedBefore = false;
    sub.on('ready', () => {
      if (subscribedBefore) void this.whenSharedClientReady().then(() => this.onResubscribed()).catch(() => undefined);
      subscribedBefore = true;
    });
    this.clients.push(pub, sub);
    server.adapter(createAdapter(pub, sub, { key: socketIoKey(this.config) }));
    return server;
  }

  /**
   * Settles once the shared client is ready again; one wait however many
   * resubscriptions come first. Never rejects: the client emits `error` on
   * each failed reconnection, which `events.once` would turn into a rejection.
   */
  private whenSharedClientReady(): Promise<void> {
    if (this.redis.status === 'ready') return Promise.resolve();
    this.sharedReady ??= new Promise<void>((resolve) => this.redis.once('ready', () => resolve())).finally(() => (this.sharedReady = undefined));
    return this.sharedReady;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await Promise.all(this.clients.map((client) => client.quit().catch(() => client.disconnect())));
  }
}
