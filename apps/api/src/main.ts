import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from '@dialer/core';
import { createApiApp } from './create-api-app';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApiApp(config);
  await app.listen(config.api.port, config.api.host);
  app.get(Logger).log(`api listening on ${await app.getUrl()}`, 'Bootstrap');
}

void main();
