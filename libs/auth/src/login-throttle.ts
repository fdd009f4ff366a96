import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig, REDIS } from '@dialer/core';
import { TooManyLoginFailuresError } from './auth.errors';

/**
 * Counts failed sign-ins per account and per client address in Redis, so the
 * limit holds across every api instance. A success clears the account's count.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private keys(email: string, ip: string): string[] {
    const prefix = `${this.config.redis.queuePrefix}:login-failures`;
    return [`${prefix}:email:${email}`, `${prefix}:ip:${ip}`];
  }

  /** Throws while either the account or the address is over the limit. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const [emailKey, ipKey] = this.keys(email, ip);
    const [emailFailures, ipFailures] = (await this.redis.mget(emailKey, ipKey)).map(Number);
    const { loginMaxFailures } = this.config.auth;
    // An address gets more room than an account: offices sign in behind one NAT.
    const blockedKey =
      emailFailures >= loginMaxFailures ? emailKey : ipFailures >= loginMaxFailures * 4 ? ipKey : undefined;
    if (blockedKey) {
      const ttl = await this.redis.ttl(blockedKey);
      throw new TooManyLoginFailuresError(Math.max(ttl, 1));
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const window = this.config.auth.loginFailureWindowSec;
    const pipeline = this.redis.multi();
    for (const key of this.keys(email, ip)) pipeline.incr(key).expire(key, window, 'NX');
    await pipeline.exec();
  }

  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.redis.del(this.keys(email, ip)[0]);
  }
}
