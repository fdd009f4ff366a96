import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG, AppConfig, CLOCK, Clock, REDIS } from '@dialer/core';

/**
 * GCRA over several buckets at once (the account's and the campaign's): a call
 * may go only when every bucket has room, and then takes from all of them.
 * ARGV: now, then pairs of (key, intervalMs). → 0 when taken, else ms to wait.
 */
const TAKE = `
local now = tonumber(ARGV[1])
local wait = 0
local tats = {}
for i = 2, #ARGV, 2 do
  local tat = tonumber(redis.call('GET', ARGV[i]) or '0')
  if tat < now then tat = now end
  tats[i] = tat
  if tat - now > 0 then wait = math.max(wait, tat - now) end
end
if wait > 0 then return wait end
for i = 2, #ARGV, 2 do
  local interval = tonumber(ARGV[i + 1])
  redis.call('SET', ARGV[i], tats[i] + interval, 'PX', interval * 2 + 1000)
end
return 0
`;

/**
 * Keeps every worker together inside Twilio's calls-per-second limit for the
 * account (TWILIO_CPS) and inside each campaign's own budget.
 */
@Injectable()
export class CpsLimiter {
  private readonly prefix: string;
  private readonly accountCps: number;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.prefix = config.redis.queuePrefix;
    this.accountCps = config.twilio.cps;
    redis.defineCommand('cpsTake', { numberOfKeys: 0, lua: TAKE });
  }

  /** The buckets a call of this campaign draws from, with their spacing (ms between two calls). */
  private buckets(campaignId: string, campaignCps: number): [string, number][] {
    const interval = (cps: number) => Math.max(1, Math.floor(1000 / cps));
    return [
      [`${this.prefix}:cps:account`, interval(this.accountCps)],
      [`${this.prefix}:cps:campaign:${campaignId}`, interval(Math.min(campaignCps, this.accountCps))],
    ];
  }

  /** Tries to take one call's slot; returns 0 when taken, else how long to wait (ms). */
  async tryTake(campaignId: string, campaignCps: number): Promise<number> {
    const wait = await (this.redis as unknown as { cpsTake(...args: (string | number)[]): Promise<number> }).cpsTake(
      this.clock.now().getTime(),
      ...this.buckets(campaignId, campaignCps).flat(),
    );
    return Number(wait);
  }

  /**
   * How many more calls of this campaign could get a slot within the next
   * `horizonMs`, given what every worker and campaign has already booked in the
   * shared buckets: what the pacing loop may take from the hopper now without
   * leaving leads waiting (and their attempts queued) for slots far away.
   */
  async capacity(campaignId: string, campaignCps: number, horizonMs: number): Promise<number> {
    const buckets = this.buckets(campaignId, campaignCps);
    const tats = await this.redis.mget(...buckets.map(([key]) => key));
    const now = this.clock.now().getTime();
    return Math.min(
      ...buckets.map(([, interval], i) => {
        const backlog = Math.max(0, Number(tats[i] ?? 0) - now);
        return Math.max(0, Math.ceil((horizonMs - backlog) / interval));
      }),
    );
  }

  /** Waits for a slot, giving up after `maxWaitMs` (returns false). */
  async take(campaignId: string, campaignCps: number, maxWaitMs = 5_000): Promise<boolean> {
    const deadline = this.clock.now().getTime() + maxWaitMs;
    for (;;) {
      const wait = await this.tryTake(campaignId, campaignCps);
      if (wait === 0) return true;
      if (this.clock.now().getTime() + wait > deadline) return false;
      await sleep(wait);
    }
  }
}
