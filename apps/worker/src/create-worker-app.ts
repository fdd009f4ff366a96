import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig, Clock, systemClock } from '@dialer/core';
import { WorkerModule } from './worker.module';

/** The worker: an application context with no HTTP server, running the Bull processors. */
export async function createWorkerApp(config: AppConfig, clock: Clock = systemClock): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, clock), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.init();
  return app;
}
