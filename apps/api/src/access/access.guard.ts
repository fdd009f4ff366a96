import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '@dialer/core';
import { AuthService, InvalidTokenError, Principal } from '@dialer/auth';
import { ACCESS_POLICY, AccessPolicy } from './access.decorators';

declare module 'express' {
  interface Request {
    principal?: Principal;
  }
}

export function bearerToken(request: Pick<Request, 'headers'>): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/**
 * Global guard: authenticates the bearer token and checks the route's roles.
 * A route that declares nothing is refused (and refused at boot, see AccessPolicyCheck).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (policy?.public) return true;

    const request = context.switchToHttp().getRequest<Request>();
    const token = bearerToken(request);
    if (!token) throw new InvalidTokenError('no bearer token in the Authorization header');
    const principal = await this.auth.authenticate(token);
    request.principal = principal;

    if (!policy) throw new DomainError('ACCESS_UNDECLARED', 'This route declares no roles', 'forbidden');
    if (!policy.roles.includes(principal.role)) {
      throw new DomainError(
        'AUTH_FORBIDDEN',
        `This action needs the role ${policy.roles.join(' or ')}; you are ${principal.role}`,
        'forbidden',
        { required: policy.roles, actual: principal.role },
      );
    }
    return true;
  }
}
