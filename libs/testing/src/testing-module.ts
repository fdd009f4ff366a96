import { MikroORM, RequestContext } from '@mikro-orm/core';
import { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppConfig, Clock, CoreModule, systemClock } from '@dialer/core';
import { DbModule } from '@dialer/db';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestContext, TestContext } from './test-environment';

/** Boots just the given modules on the real services, as a process of the product would. */
export async function bootModules(
  config: AppConfig,
  imports: (Type<unknown> | DynamicModule)[],
  clock: Clock = systemClock,
): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({
    imports: [CoreModule.forRoot(config, 'test', clock), DbModule.forRoot(), ...imports],
  }).compile();
  moduleRef.useLogger(false);
  return moduleRef.init();
}

/** Runs `work` in a fresh MikroORM context, as a request or a job would. */
export function withOrmContext<T>(app: INestApplicationContext, work: () => Promise<T>): Promise<T> {
  return RequestContext.create(app.get(MikroORM).em, work);
}

export interface BootedWithTempDir {
  ctx: TestContext;
  app: INestApplicationContext;
  /** A fresh temporary directory for the files a spec writes, removed by close(). */
  dir: string;
  close(): Promise<void>;
}

/**
 * A throwaway database, a temporary directory and the given modules booted on
 * them; close() undoes all three (app first, so nothing still writes there).
 */
export async function bootModulesWithTempDir(
  imports: (Type<unknown> | DynamicModule)[],
  dirPrefix: string,
): Promise<BootedWithTempDir> {
  const ctx = await createTestContext();
  const dir = await mkdtemp(path.join(tmpdir(), dirPrefix));
  let app: INestApplicationContext | undefined;
  const close = async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
    await ctx.cleanup();
  };
  try {
    app = await bootModules(ctx.config, imports);
  } catch (error) {
    await close();
    throw error;
  }
  return { ctx, app, dir, close };
}
