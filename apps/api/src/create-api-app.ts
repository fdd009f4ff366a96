import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type Redis from 'ioredis';
import { AppConfig, Clock, REDIS, systemClock } from '@dialer/core';
import { AgentsGateway } from './agents/agents.gateway';
import { RedisIoAdapter } from './agents/redis-io.adapter';
import { mountBullBoard } from './admin/bull-board';
import { refuseDeepJson, refuseNulInPath } from './http/request-guards';
import { ApiModule } from './api.module';
import { buildOpenApiDocument } from './openapi';
import { serveTwilioWebhooksFirst } from './twilio/twilio-webhook-server';
import { mountWebAssets } from './web/web-assets';

const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Builds the api exactly as production runs it; e2e tests boot it through here too. */
export async function createApiApp(config: AppConfig, clock: Clock = systemClock): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config, clock), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  // N api processes share the agents' socket rooms through Redis.
  // Once Redis is back after a loss, the desks are sent their state again (notices sent meanwhile may be lost).
  app.useWebSocketAdapter(new RedisIoAdapter(app, app.get<Redis>(REDIS), config, () => void app.get(AgentsGateway).resyncDesks().catch(() => undefined)));
  app.disable('x-powered-by');
  // Twilio posts flat forms: `extended: false` keeps names like `Foo[0]` as they are, as signatures need them.
  app.useBodyParser('urlencoded', { extended: false });
  app.useBodyParser('json', { verify: refuseDeepJson });
  app.use(refuseNulInPath);
  // Twilio's webhooks in their usual shape skip Express and Nest (same checks and answers; see the file).
  serveTwilioWebhooksFirst(app);
  // Keep idle connections open longer than the clients and proxies that reuse them (Twilio, load
  // balancers, typically 60 s): a server closing a socket as a client reuses it resets that request.
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document);
  mountBullBoard(app);
  mountWebAssets(app);
  return app;
}
