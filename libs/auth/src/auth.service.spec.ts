import type { EntityManager } from '@mikro-orm/postgresql';
import type { JwtService } from '@nestjs/jwt';
import type { AuditService } from '@dialer/audit';
import { AppConfig, ManualClock } from '@dialer/core';
import { InvalidCredentialsError, TooManyLoginFailuresError } from './auth.errors';
import { AuthService } from './auth.service';
import type { User } from './entities/user.entity';
import type { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';

describe('AuthService.login', () => {
  const alice = { id: 'u-1', email: 'alice@example.com', role: 'agent', active: true, passwordHash: 'alice-hash', displayName: 'Alice' };
  let calls: string[];
  let users: Record<string, Partial<User>>;
  let throttled: boolean;

  const service = () => {
    const em = {
      findOne: async (_entity: unknown, where: { email: string }) => {
        calls.push('findOne');
        return users[where.email] ?? null;
      },
      flush: async () => undefined,
    };
    const hasher = {
      verify: async (hash: string, password: string) => {
        calls.push(`verify:${hash}`);
        return hash === 'alice-hash' && password === 'right-password';
      },
      verifyNoAccount: async () => {
        calls.push('verifyNoAccount');
        return false as const;
      },
    };
    const throttle = {
      claimAttempt: async () => {
        calls.push('claimAttempt');
        if (throttled) throw new TooManyLoginFailuresError(42);
      },
      recordSuccess: async () => void calls.push('recordSuccess'),
    };
    const jwt = { signAsync: async () => 'token' };
    const audit = { record: () => undefined };
    const config = { auth: { jwtTtlSec: 3600 } } as AppConfig;
    return new AuthService(
      em as unknown as EntityManager,
      jwt as unknown as JwtService,
      hasher as unknown as PasswordHasher,
      throttle as unknown as LoginThrottle,
      audit as unknown as AuditService,
      config,
      new ManualClock(new Date('2026-01-01T00:00:00Z')),
    );
  };

  beforeEach(() => {
    calls = [];
    users = { 'alice@example.com': { ...alice } as Partial<User> };
    throttled = false;
  });

  it('counts the attempt before looking anything up, and forgives it on success', async () => {
    await expect(service().login('Alice@Example.com', 'right-password', '10.0.0.1')).resolves.toMatchObject({ accessToken: 'token' });
    expect(calls).toEqual(['claimAttempt', 'findOne', 'verify:alice-hash', 'recordSuccess']);
  });

  it('leaves a wrong password counted as a failure', async () => {
    await expect(service().login('alice@example.com', 'wrong', '10.0.0.1')).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect(calls).toEqual(['claimAttempt', 'findOne', 'verify:alice-hash']);
  });

  it('checks an unknown email against the dummy hash, so it costs the same as a wrong password', async () => {
    await expect(service().login('nobody@example.com', 'right-password', '10.0.0.1')).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect(calls).toEqual(['claimAttempt', 'findOne', 'verifyNoAccount']);
  });

  it('verifies the password of a disabled account too, and still refuses it', async () => {
    users['alice@example.com']!.active = false;
    await expect(service().login('alice@example.com', 'right-password', '10.0.0.1')).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect(calls).toEqual(['claimAttempt', 'findOne', 'verify:alice-hash']);
  });

  it('checks no password at all while throttled', async () => {
    throttled = true;
    await expect(service().login('alice@example.com', 'right-password', '10.0.0.1')).rejects.toBeInstanceOf(TooManyLoginFailuresError);
    expect(calls).toEqual(['claimAttempt']);
  });
});

describe('PasswordHasher.verifyNoAccount', () => {
  it('fails whatever the password, after a real argon2 verification with the same parameters as real hashes', async () => {
    const hasher = new PasswordHasher();
    await hasher.onModuleInit();
    const verify = jest.spyOn(hasher, 'verify');
    await expect(hasher.verifyNoAccount('change-me-now')).resolves.toBe(false);
    expect(verify).toHaveBeenCalledTimes(1);
    const [dummyHash] = verify.mock.calls[0];
    const realHash = await hasher.hash('some-password');
    // Same algorithm, version and cost parameters: "$argon2id$v=19$m=…,t=…,p=…$salt$hash".
    expect(dummyHash.split('$').slice(1, 4)).toEqual(realHash.split('$').slice(1, 4));
    await expect(hasher.verifyNoAccount('')).resolves.toBe(false);
  });
});
