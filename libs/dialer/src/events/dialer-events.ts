import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig, CLOCK, Clock, REDIS } from '@dialer/core';

/**
 * Decisions the call flow takes in the api that the pacing leader in the
 * worker must learn of: a live answer, a bridge to an agent, an abandon.
 */
export type DialerEvent =
  | { type: 'answered'; attemptId: string; by: 'human' | 'machine'; atMs: number }
  | { type: 'connected'; attemptId: string; agentId: string; atMs: number }
  | { type: 'abandoned'; attemptId: string; atMs: number };

export const DIALER_EVENTS_STREAM_MAXLEN = 10_000;

/** An event as published: the time is stamped unless given. */
export type NewDialerEvent = DialerEvent extends infer E ? (E extends DialerEvent ? Omit<E, 'atMs'> & { atMs?: number } : never) : never;

/** One Redis stream per campaign: `<prefix>:dialer:events:<campaignId>`. */
@Injectable()
export class DialerEvents {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.prefix = config.redis.queuePrefix;
  }

  key(campaignId: string): string {
    return `${this.prefix}:dialer:events:${campaignId}`;
  }

  async publish(campaignId: string, event: NewDialerEvent): Promise<void> {
    const full = { ...event, atMs: event.atMs ?? this.clock.now().getTime() };
    await this.redis.xadd(this.key(campaignId), 'MAXLEN', '~', DIALER_EVENTS_STREAM_MAXLEN, '*', 'event', JSON.stringify(full));
  }
}

export function decodeDialerEvent(fields: string[]): DialerEvent {
  return JSON.parse(fields[fields.indexOf('event') + 1]) as DialerEvent;
}
