import { MikroORM, RequestContext } from '@mikro-orm/core';
import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { AppConfig, Clock, systemClock } from '@dialer/core';
import { Role, UsersService } from '@dialer/auth';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { createWorkerApp } from '../../apps/worker/src/create-worker-app';

export interface RunningApi {
  app: NestExpressApplication;
  url: string;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/** Boots the api exactly as main.ts does, on an ephemeral port. */
export async function startApi(config: AppConfig, clock: Clock = systemClock): Promise<RunningApi> {
  const app = await createApiApp(config, clock);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return { app, url, http: () => request(url), close: () => app.close() };
}

/** Boots the worker's application context (Bull processors, health port) in this process. */
export async function startWorker(config: AppConfig, clock: Clock = systemClock): Promise<INestApplicationContext> {
  return createWorkerApp(config, clock);
}

export const TEST_PASSWORD = 'correct-horse-battery';

/** Runs `work` in its own MikroORM context, as a request or a job would. */
export function inContext<T>(app: INestApplicationContext, work: () => Promise<T>): Promise<T> {
  return RequestContext.create(app.get(MikroORM).em, work);
}

let emailCounter = 0;
export const uniqueEmail = (role: string) => `${role}-${process.pid}-${++emailCounter}-${Date.now()}@example.com`;

export interface SignedIn {
  token: string;
  userId: string;
  email: string;
}

/** Creates a user of the given role straight through the service, then signs in over HTTP. */
export async function signInAs(api: RunningApi, role: Role, email = uniqueEmail(role)): Promise<SignedIn> {
  const users = api.app.get(UsersService);
  const user = await inContext(api.app, () =>
    users.create({ email, displayName: `Test ${role}`, password: TEST_PASSWORD, role }, { id: null, role: 'system' }),
  );
  const response = await api.http().post('/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);
  return { token: response.body.accessToken as string, userId: user.id, email };
}
