import { MikroORM, RequestContext } from '@mikro-orm/core';
import { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppConfig, Clock, CoreModule, systemClock } from '@dialer/core';
import { DbModule } from '@dialer/db';

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
