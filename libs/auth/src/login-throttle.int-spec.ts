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

  afterAll(async () => {
    await clearRedisPrefix(prefix);
    redis.disconnect();
  });

  it('blocks an account after the allowed failures, with the time left', async () => {
    for (let i = 0; i < 3; i++) {
      await throttle.assertAllowed('a@example.com', '10.0.0.1');
      await throttle.recordFailure('a@example.com', '10.0.0.1');
    }
    const error = await throttle.assertAllowed('a@example.com', '10.0.0.9').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TooManyLoginFailuresError);
    expect((error as TooManyLoginFailuresError).retryAfterSec).toBeGreaterThan(50);
    expect((error as TooManyLoginFailuresError).retryAfterSec).toBeLessThanOrEqual(60);
  });

  it('blocks an address that tries many accounts, but allows more than for one account', async () => {
    for (let i = 0; i < 11; i++) await throttle.recordFailure(`user${i}@example.com`, '10.0.0.2');
    await expect(throttle.assertAllowed('fresh@example.com', '10.0.0.2')).resolves.toBeUndefined();
    await throttle.recordFailure('user11@example.com', '10.0.0.2');
    await expect(throttle.assertAllowed('fresh@example.com', '10.0.0.2')).rejects.toBeInstanceOf(TooManyLoginFailuresError);
  });

  it('forgives an account after a successful sign-in', async () => {
    await throttle.recordFailure('b@example.com', '10.0.0.3');
    await throttle.recordFailure('b@example.com', '10.0.0.3');
    await throttle.recordSuccess('b@example.com', '10.0.0.3');
    await throttle.recordFailure('b@example.com', '10.0.0.3');
    await throttle.recordFailure('b@example.com', '10.0.0.3');
    await expect(throttle.assertAllowed('b@example.com', '10.0.0.4')).resolves.toBeUndefined();
  });
});
