import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig, REDIS } from '@dialer/core';

/** What the campaign's pacing leader last decided, for the dashboard and "why". */
export interface PacingStatus {
  dialLevel: number;
  callsToPlace: number;
  reason: string;
  callsInFlight: number;
  leader: string;
  atMs: number;
}

/** Kept for a few seconds only: a status older than that means no worker is leading the campaign. */
const TTL_MS = 10_000;

@Injectable()
export class PacingStatusStore {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.prefix = config.redis.queuePrefix;
  }

  private key(campaignId: string) {
    return `${this.prefix}:campaign:${campaignId}:pacing`;
  }

  async save(campaignId: string, status: PacingStatus): Promise<void> {
    await this.redis.set(this.key(campaignId), JSON.stringify(status), 'PX', TTL_MS);
  }

  async load(campaignId: string): Promise<PacingStatus | null> {
    const raw = await this.redis.get(this.key(campaignId));
    return raw ? (JSON.parse(raw) as PacingStatus) : null;
  }
}
