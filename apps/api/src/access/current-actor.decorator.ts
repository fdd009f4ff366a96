import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { Actor } from '@dialer/audit';
import { Principal } from '@dialer/auth';

/** The signed-in user as an audit actor, with the request id for correlation. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<Request & { id?: string }>();
  const principal = request.principal;
  return {
    id: principal?.userId ?? null,
    role: principal?.role ?? 'anonymous',
    requestId: request.id ? String(request.id) : undefined,
  };
});

/** The signed-in user (routes behind @Roles only). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<Request>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without sign-in');
  return principal;
});
