import { DomainError } from '@dialer/core';

export class InvalidCredentialsError extends DomainError {
  constructor() {
    // One message for unknown email, wrong password and disabled account: no account enumeration.
    super('AUTH_INVALID_CREDENTIALS', 'Email or password is incorrect', 'unauthenticated');
  }
}

export class InvalidTokenError extends DomainError {
  constructor(reason: string) {
    super('AUTH_INVALID_TOKEN', `Access token rejected: ${reason}`, 'unauthenticated');
  }
}

export class TooManyLoginFailuresError extends DomainError {
  constructor(readonly retryAfterSec: number) {
    super(
      'AUTH_TOO_MANY_FAILURES',
      `Too many failed sign-in attempts; try again in ${retryAfterSec} s`,
      'rate_limited',
      { retryAfterSec },
    );
  }
}

export class EmailTakenError extends DomainError {
  constructor(email: string) {
    super('USER_EMAIL_TAKEN', `A user with email ${email} already exists`, 'conflict', { email });
  }
}

export class LastAdminError extends DomainError {
  constructor() {
    super('USER_LAST_ADMIN', 'The last active admin cannot be demoted or deactivated', 'conflict');
  }
}
