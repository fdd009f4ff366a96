import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig, REDIS } from '@dialer/core';

/**
 * Takes the lease if it is free (or already ours) and hands out a fencing
 * token that only ever grows. ARGV: leaseKey, fenceKey, holder, ttlMs.
 * → fence (string) | false
 */
const ACQUIRE = `
local current = redis.call('GET', ARGV[1])
if current then
  local holder, fence = string.match(current, '^(.*)|(%d+)$')
  if holder ~= ARGV[3] then return false end
  redis.call('PEXPIRE', ARGV[1], ARGV[4])
  return fence
end
local fence = redis.call('INCR', ARGV[2])
redis.call('SET', ARGV[1], ARGV[3] .. '|' .. fence, 'PX', ARGV[4])
return tostring(fence)
`;

/** Extends the lease only if it is still exactly ours. ARGV: leaseKey, value, ttlMs → 1 | 0 */
const RENEW = `
if redis.call('GET', ARGV[1]) == ARGV[2] then return redis.call('PEXPIRE', ARGV[1], ARGV[3]) end
return 0
`;

/** ARGV: leaseKey, value → 1 | 0 */
const RELEASE = `
if redis.call('GET', ARGV[1]) == ARGV[2] then return redis.call('DEL', ARGV[1]) end
return 0
`;

export interface Lease {
  campaignId: string;
  holder: string;
  /** Grows with every new leader; the database refuses work carrying an older one. */
  fence: string;
}

interface LeaseScripts {
  leaseAcquire(...args: (string | number)[]): Promise<string | null>;
  leaseRenew(...args: (string | number)[]): Promise<number>;
  leaseRelease(...args: (string | number)[]): Promise<number>;
}

/**
 * One pacing leader per campaign across every worker: a Redis lease with a
 * fencing token. The lease alone is not enough (a paused process can wake up
 * after its lease expired), so the token is also checked by PostgreSQL when
 * the leader creates attempts (`campaigns.leader_fence`).
 */
@Injectable()
export class LeaderLease {
  private readonly scripts: LeaseScripts;
  private readonly prefix: string;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = config.redis.queuePrefix;
    redis.defineCommand('leaseAcquire', { numberOfKeys: 0, lua: ACQUIRE });
    redis.defineCommand('leaseRenew', { numberOfKeys: 0, lua: RENEW });
    redis.defineCommand('leaseRelease', { numberOfKeys: 0, lua: RELEASE });
    this.scripts = redis as unknown as LeaseScripts;
  }

  private keys(campaignId: string) {
    return { lease: `${this.prefix}:campaign:${campaignId}:leader`, fence: `${this.prefix}:campaign:${campaignId}:fence` };
  }

  async acquire(campaignId: string, holder: string, ttlMs: number): Promise<Lease | null> {
    const { lease, fence } = this.keys(campaignId);
    const token = await this.scripts.leaseAcquire(lease, fence, holder, ttlMs);
    return token ? { campaignId, holder, fence: token } : null;
  }

  async renew(lease: Lease, ttlMs: number): Promise<boolean> {
    return (await this.scripts.leaseRenew(this.keys(lease.campaignId).lease, `${lease.holder}|${lease.fence}`, ttlMs)) === 1;
  }

  async release(lease: Lease): Promise<void> {
    await this.scripts.leaseRelease(this.keys(lease.campaignId).lease, `${lease.holder}|${lease.fence}`);
  }
}
