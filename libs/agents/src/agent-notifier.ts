import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig, REDIS } from '@dialer/core';

/** A message for one agent's screen: their state, a screen pop, a preview lead... */
export interface AgentNotice {
  agentId: string;
  type: string;
  payload: unknown;
}

/**
 * Delivers notices to agents whichever process produced them (a webhook in
 * the api, the pacing loop in the worker): Redis pub/sub to every api
 * instance, each of which forwards to the sockets it holds.
 */
@Injectable()
export class AgentNotifier implements OnApplicationShutdown {
  private subscriber?: Redis;
  private readonly channel: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.channel = `${config.redis.queuePrefix}:agents:notify`;
  }

  async notify(agentId: string, type: string, payload: unknown): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify({ agentId, type, payload } satisfies AgentNotice));
  }

  /** For the socket gateway: every notice for every agent. */
  async subscribe(handler: (notice: AgentNotice) => void): Promise<void> {
    if (!this.subscriber) {
      this.subscriber = this.redis.duplicate();
      await this.subscriber.connect(); // the shared client's options connect lazily
    }
    this.subscriber.on('message', (_channel: string, message: string) => handler(JSON.parse(message) as AgentNotice));
    await this.subscriber.subscribe(this.channel);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }
}
