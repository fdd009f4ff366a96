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
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly clients: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    // Its own connections, queueing while Redis is away (the shared client fails fast by design).
    const pub = this.redis.duplicate({ enableOfflineQueue: true, lazyConnect: false });
    const sub = this.redis.duplicate({ enableOfflineQueue: true, lazyConnect: false });
    for (const client of [pub, sub]) client.on('error', () => undefined); // the adapter logs through its own handler
    this.clients.push(pub, sub);
    server.adapter(createAdapter(pub, sub, { key: socketIoKey(this.config) }));
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await Promise.all(this.clients.map((client) => client.quit().catch(() => client.disconnect())));
  }
}
