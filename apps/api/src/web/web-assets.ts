import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** apps/web beside the sources (development, tests) or beside the working directory (the built image). */
const WEB_ROOTS = [path.resolve(__dirname, '../../../web'), path.resolve(process.cwd(), 'apps/web')];

/** The web app's own sections: no api route lives under them, so their paths are the page's to read. */
export const WEB_APP_SECTIONS = /^\/(?:login|desk|console|compliance)(?:\/|$)/i;

/**
 * The single-page app's own paths (apps/web/src/app/app.tsx): a reload or a deep
 * link on one of these gets index.html. Listed, not guessed, so the app can
 * never shadow an api route, /docs, the webhooks or /socket.io.
 */
export const WEB_APP_ROUTES = /^\/(?:login|desk|console|compliance)?(?:\/[^.]*)?$/;

/**
 * Serves the browser pages of apps/web: the web app's build (apps/web/dist,
 * `npm run build:web`) at `/`. The old floor dashboard's address (/dashboard/,
 * bookmarked on wallboard screens) leads to the web app's wallboard.
 * Static files only; every figure on them comes from the api with the
 * signed-in user's token, so the pages need no access rule of their own.
 */
export function mountWebAssets(app: NestExpressApplication): void {
  const root = WEB_ROOTS.find((candidate) => existsSync(path.join(candidate, 'index.html')));
  if (!root) throw new Error(`apps/web not found (looked in ${WEB_ROOTS.join(', ')})`);
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (!/^\/dashboard(?:\/.*)?$/.test(request.path)) return next();
    const campaign = typeof request.query.campaign === 'string' && /^[0-9a-f-]{36}$/i.test(request.query.campaign) ? request.query.campaign : null;
    response.redirect(301, campaign ? `/console/wallboard?campaign=${campaign}` : '/console/wallboard');
  });

  const dist = path.join(root, 'dist');
  const index = path.join(dist, 'index.html');
  // Hashed bundles never change under their name: cached for a year; index.html always revalidated.
  app.useStaticAssets(path.join(dist, 'assets'), { prefix: '/assets/', immutable: true, maxAge: '365d', fallthrough: false });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !WEB_APP_ROUTES.test(request.path)) return next();
    if (request.path !== '/' && !request.accepts('html')) return next();
    if (!existsSync(index)) {
      response.status(503).type('text/plain').send('The web app is not built: run `npm run build:web` (npm run demo builds it).');
      return;
    }
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
}
