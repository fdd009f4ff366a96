import { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** apps/web beside the sources (development, tests) or beside the working directory (the built image). */
const WEB_ROOTS = [path.resolve(__dirname, '../../../web'), path.resolve(process.cwd(), 'apps/web')];

/**
 * Serves the browser pages of apps/web: the floor dashboard at /dashboard/.
 * Static files only; every figure on them comes from the api with the
 * signed-in user's token, so the pages need no access rule of their own.
 */
export function mountWebAssets(app: NestExpressApplication): void {
  const root = WEB_ROOTS.find((candidate) => existsSync(path.join(candidate, 'dashboard', 'index.html')));
  if (!root) throw new Error(`apps/web not found (looked in ${WEB_ROOTS.join(', ')})`);
  app.useStaticAssets(path.join(root, 'dashboard'), { prefix: '/dashboard/', index: 'index.html' });
}
