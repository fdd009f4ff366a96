import Redis from 'ioredis';
import { baseRedisUrl, clearRedisPrefix, testConfig, uniqueQueuePrefix } from '@dialer/testing';
import { TooManyLoginFailuresError } from './auth.errors';
import { LoginThrottle } from './login-throttle';

describe('LoginThrottle (integration, real Redis)', () => {
  const prefix = uniqueQueuePrefix();
  const config = testConfig('postgres://unused@127.0.0.1/unused', prefix, {
    LOGIN_MAX_FAILURES: '3',
    LOGIN_FAILURE_WINDOW_SEC: '60',
  });
  const redis = new Redis(baseRedisUrl());
  const throttle = new LoginThrottle(redis, config);
  /** An attempt that turns out to be a failure: claimed, never forgiven. */
  const fail = (email: string, ip: string) => throttle.claimAttempt(email, ip);
  const outcome = (attempt: Promise<void>) =>
    attempt.then(
      () => 'allowed' as const,
      (error: unknown) => (error instanceof TooManyLoginFailuresError ? ('throttled' as const) : Promise.reject(error)),
    );

  afterAll(async () => {
    await clearRedisPrefix(prefix);
    redis.disconnect();
  });

  it('blocks an account after the allowed failures, with the time left', async () => {
    for (let i = 0; i < 3; i++) await fail('a@example.com', '10.0.0.1');
    const error = await throttle.claimAttempt('a@example.com', '10.0.0.9').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TooManyLoginFailuresError);
    expect((error as TooManyLoginFailuresError).retryAfterSec).toBeGreaterThan(50);
    expect((error as TooManyLoginFailuresError).retryAfterSec).toBeLessThanOrEqual(60);
  });

  it('lets no more parallel guesses through than the limit allows', async () => {
    const outcomes = await Promise.all(Array.from({ length: 25 }, () => outcome(throttle.claimAttempt('p@example.com', '10.0.1.1'))));
    expect(outcomes.filter((o) => o === 'allowed')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'throttled')).toHaveLength(22);
    // Refused attempts checked no password and are not counted: the account stays at its limit.
    expect(await redis.get(`${prefix}:login-failures:email:p@example.com`)).toBe('3');
  });

  it('caps parallel guesses across accounts from one address too', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => outcome(throttle.claimAttempt(`spray${i}@example.com`, '10.0.1.2'))),
    );
    expect(outcomes.filter((o) => o === 'allowed')).toHaveLength(12); // 4 × LOGIN_MAX_FAILURES
  });

  it('blocks an address that tries many accounts, but allows more than for one account', async () => {
    for (let i = 0; i < 11; i++) await fail(`user${i}@example.com`, '10.0.0.2');
    await expect(throttle.claimAttempt('fresh@example.com', '10.0.0.2')).resolves.toBeUndefined(); // the 12th: a failure too
    await expect(throttle.claimAttempt('other@example.com', '10.0.0.2')).rejects.toBeInstanceOf(TooManyLoginFailuresError);
  });

  it('forgives an account after a successful sign-in, and does not count successes against the address', async () => {
    await fail('b@example.com', '10.0.0.3');
    await fail('b@example.com', '10.0.0.3');
    await throttle.claimAttempt('b@example.com', '10.0.0.3');
    await throttle.recordSuccess('b@example.com', '10.0.0.3');
    await fail('b@example.com', '10.0.0.3');
    await fail('b@example.com', '10.0.0.3');
    await expect(throttle.claimAttempt('b@example.com', '10.0.0.4')).resolves.toBeUndefined();

    // An office behind one address: many successful sign-ins never throttle it.
    for (let i = 0; i < 20; i++) {
      await throttle.claimAttempt(`office${i}@example.com`, '10.0.0.5');
      await throttle.recordSuccess(`office${i}@example.com`, '10.0.0.5');
    }
    await expect(throttle.claimAttempt('late@example.com', '10.0.0.5')).resolves.toBeUndefined();
  });
});
