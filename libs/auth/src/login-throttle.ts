import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig, REDIS } from '@dialer/core';
import { TooManyLoginFailuresError } from './auth.errors';

/**
 * KEYS: account counter, address counter. ARGV: account limit, address limit, window (s).
 * Counts the attempt on both, then compares, in one step: parallel guesses each get
 * their own number and only the first ones within the limits go on to the password
 * check. A refused attempt is not counted (it checked no password), so the lock-out
 * ends when the window does. Returns 0, or the seconds left on the counter that refused.
 */
const CLAIM_ATTEMPT = `
local account = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[3], 'NX')
local address = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[3], 'NX')
local over = nil
if account > tonumber(ARGV[1]) then over = KEYS[1] elseif address > tonumber(ARGV[2]) then over = KEYS[2] end
if not over then return 0 end
redis.call('DECR', KEYS[1])
redis.call('DECR', KEYS[2])
local ttl = redis.call('TTL', over)
if ttl < 1 then return 1 end
return ttl
`;

/** KEYS: account counter, address counter. A success forgives the account and gives its attempt back to the address. */
const RECORD_SUCCESS = `
redis.call('DEL', KEYS[1])
local address = tonumber(redis.call('GET', KEYS[2]) or '0')
if address > 0 then redis.call('DECR', KEYS[2]) end
return 0
`;

/**
 * Counts sign-in attempts per account and per client address in Redis, so the
 * limit holds across every api instance. Every attempt is counted before its
 * password is checked (`claimAttempt`) and stays counted as a failure unless it
 * succeeds (`recordSuccess`): a crash mid-check errs on the safe side.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private keys(email: string, ip: string): [string, string] {
    const prefix = `${this.config.redis.queuePrefix}:login-failures`;
    return [`${prefix}:email:${email}`, `${prefix}:ip:${ip}`];
  }

  /** Counts this attempt, or throws (without counting it) while the account or the address is over its limit. */
  async claimAttempt(email: string, ip: string): Promise<void> {
    const { loginMaxFailures, loginFailureWindowSec } = this.config.auth;
    // An address gets more room than an account: offices sign in behind one NAT.
    const retryAfterSec = Number(
      await this.redis.eval(CLAIM_ATTEMPT, 2, ...this.keys(email, ip), loginMaxFailures, loginMaxFailures * 4, loginFailureWindowSec),
    );
    if (retryAfterSec > 0) throw new TooManyLoginFailuresError(retryAfterSec);
  }

  /** The claimed attempt succeeded: clears the account's failures and un-counts the attempt for the address. */
  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.redis.eval(RECORD_SUCCESS, 2, ...this.keys(email, ip));
  }
}
