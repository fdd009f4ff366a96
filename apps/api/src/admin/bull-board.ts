import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import { getQueueToken } from '@nestjs/bull';
import { INestApplication } from '@nestjs/common';
import type { Queue } from 'bull';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { NextFunction, Request, Response } from 'express';
import { AuthService, Principal } from '@dialer/auth';
import { ALL_QUEUES } from '@dialer/queues';
import { bearerToken } from '../access/access.guard';

export const BULL_BOARD_PATH = '/admin/queues/board';
const COOKIE = 'dialer_board_token';

/**
 * Whether the browser reached us over HTTPS, directly or through a proxy that
 * ends TLS and says so (`X-Forwarded-Proto`). Trusting the header costs
 * nothing here: a forged `https` only makes the browser keep the cookie off
 * plain HTTP.
 */
function reachedOverHttps(request: Request): boolean {
  const forwarded = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return request.secure || first === 'https';
}

/**
 * Bull Board for admins. Browsers cannot send a bearer header when they
 * navigate, so `?token=` is traded once for an HttpOnly cookie on this path.
 */
function adminOnly(auth: AuthService, orm: MikroORM) {
  return async (request: Request, response: Response, next: NextFunction) => {
    const fromQuery = typeof request.query.token === 'string' ? request.query.token : undefined;
    const token = fromQuery ?? bearerToken(request) ?? parseCookies(request.headers.cookie ?? '')[COOKIE];
    let principal: Principal;
    try {
      if (!token) throw new Error('sign in and open this page with ?token=<access token>');
      // Plain express middleware runs outside MikroORM's per-request context: open one.
      principal = await RequestContext.create(orm.em, () => auth.authenticate(token));
    } catch (error) {
      // No token, or one that does not authenticate: who you are is unknown.
      response.status(401).json({ statusCode: 401, code: 'AUTH_INVALID_TOKEN', message: (error as Error).message });
      return;
    }
    if (principal.role !== 'admin') {
      // Signed in, but not allowed: same answer as the AccessGuard gives for a wrong role.
      response.status(403).json({
        statusCode: 403,
        code: 'AUTH_FORBIDDEN',
        message: `Bull Board needs the role admin; you are ${principal.role}`,
        details: { required: ['admin'], actual: principal.role },
      });
      return;
    }
    if (fromQuery) {
      response.setHeader(
        'Set-Cookie',
        serializeCookie(COOKIE, token, { httpOnly: true, sameSite: 'strict', path: BULL_BOARD_PATH, secure: reachedOverHttps(request) }),
      );
      response.redirect(BULL_BOARD_PATH);
      return;
    }
    next();
  };
}

export function mountBullBoard(app: INestApplication): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: ALL_QUEUES.map((name) => new BullAdapter(app.get<Queue>(getQueueToken(name), { strict: false }))),
    serverAdapter,
  });
  app.use(BULL_BOARD_PATH, adminOnly(app.get(AuthService), app.get(MikroORM)), serverAdapter.getRouter());
}
