import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig, REDIS } from '@dialer/core';

/** A placement's claim lives this long unless renewed: a worker killed mid-placement lets it go within seconds. */
export const PLACEMENT_CLAIM_TTL_MS = 10_000;
const RENEW_EVERY_MS = 3_000;

/**
 * Which queued attempts a live process is placing right now (waiting for a
 * calls-per-second slot, checking DNC, asking Twilio): a Redis key per
 * attempt with a short TTL, renewed while the placement runs. A queued
 * attempt with no CallSid and no claim was never placed and never will be
 * (its worker died): the reconciler gives it back in seconds, not minutes.
 */
@Injectable()
export class PlacementClaims {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.prefix = `${config.redis.queuePrefix}:placing:`;
  }

  /**
   * Claims the attempt and keeps the claim alive until the returned release is
   * called: at once, or `keepForMs` later without renewal (Twilio did not
   * answer: the call may exist, and its callbacks may still come).
   */
  async hold(attemptId: string): Promise<(keepForMs?: number) => Promise<void>> {
    const key = this.prefix + attemptId;
    await this.redis.set(key, '1', 'PX', PLACEMENT_CLAIM_TTL_MS);
    const renew = setInterval(() => void this.redis.pexpire(key, PLACEMENT_CLAIM_TTL_MS).catch(() => undefined), RENEW_EVERY_MS);
    renew.unref();
    return async (keepForMs) => {
      clearInterval(renew);
      if (keepForMs) await this.redis.pexpire(key, keepForMs);
      else await this.redis.del(key);
    };
  }

  /** The attempts among `attemptIds` that some process still claims. */
  async claimed(attemptIds: readonly string[]): Promise<Set<string>> {
    if (attemptIds.length === 0) return new Set();
    const values = await this.redis.mget(attemptIds.map((id) => this.prefix + id));
    return new Set(attemptIds.filter((_, i) => values[i] !== null));
  }
}
