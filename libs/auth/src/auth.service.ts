import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig, CLOCK, Clock } from '@dialer/core';
import { AuditService } from '@dialer/audit';
import { InvalidCredentialsError, InvalidTokenError } from './auth.errors';
import { User } from './entities/user.entity';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { AccessTokenClaims, Principal } from './principal';
import { normaliseEmail, toPrincipal } from './user-presenter';

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresAt: string;
  user: Principal;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly em: EntityManager,
    private readonly jwt: JwtService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async login(rawEmail: string, password: string, clientIp: string, requestId?: string): Promise<LoginResult> {
    const email = normaliseEmail(rawEmail);
    // Counted before the password is checked: parallel guesses cannot slip past the limit.
    await this.throttle.claimAttempt(email, clientIp);

    const user = await this.em.findOne(User, { email });
    // Always one argon2 verification, against a dummy hash when there is no such account,
    // so the response time does not tell which emails have one (nor which are disabled).
    const passwordOk = user ? await this.hasher.verify(user.passwordHash, password) : await this.hasher.verifyNoAccount(password);
    const ok = passwordOk && user !== null && user.active;
    if (!ok || !user) {
      // The attempt was counted by claimAttempt and stays counted: a failure.
      this.audit.record({ id: null, role: 'anonymous', requestId }, {
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id,
        data: { email, clientIp },
      });
      await this.em.flush();
      throw new InvalidCredentialsError();
    }

    await this.throttle.recordSuccess(email, clientIp);
    user.lastLoginAt = this.clock.now();
    this.audit.record({ id: user.id, role: user.role, requestId }, {
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      data: { clientIp },
    });
    await this.em.flush();

    const claims: AccessTokenClaims = { sub: user.id, email: user.email, role: user.role, sv: user.sessionVersion };
    const nowSec = Math.floor(this.clock.now().getTime() / 1000);
    const expSec = nowSec + this.config.auth.jwtTtlSec;
    const accessToken = await this.jwt.signAsync({ ...claims, iat: nowSec, exp: expSec });
    return { accessToken, tokenType: 'Bearer', expiresAt: new Date(expSec * 1000).toISOString(), user: toPrincipal(user) };
  }

  /**
   * Verifies the token and reloads the user, so a deactivated account or a
   * changed role takes effect at once rather than when the token expires,
   * and a token issued before a deactivation or a password reset stays
   * refused after it (a re-activated account signs in again).
   */
  async authenticate(token: string): Promise<Principal> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
    } catch (error) {
      throw new InvalidTokenError((error as Error).message);
    }
    const user = await this.em.findOne(User, { id: claims.sub });
    if (!user || !user.active) throw new InvalidTokenError('account disabled');
    if ((claims.sv ?? 0) !== user.sessionVersion) throw new InvalidTokenError('signed out since: the account was deactivated or its password reset');
    return toPrincipal(user);
  }
}
