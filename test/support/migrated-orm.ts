import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { NestExpressApplication } from '@nestjs/platform-express';
import { createTestContext, TestContext } from '@dialer/testing';
import { createApiApp } from '../../apps/api/src/create-api-app';

/**
 * For a describe block about the schema itself: a freshly migrated database
 * and the api's ORM on it, set up before its tests and dropped after them.
 * `fork()` gives each connection of a test its own entity manager.
 */
export function useMigratedOrm(): { orm: () => MikroORM; fork: () => EntityManager } {
  let ctx: TestContext;
  let app: NestExpressApplication;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await createApiApp(ctx.config);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  const orm = () => app.get(MikroORM);
  return { orm, fork: () => orm().em.fork() as EntityManager };
}
