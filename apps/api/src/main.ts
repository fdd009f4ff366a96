import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { exitOnConfigurationError, loadConfigOrExit, portInUseError } from '@dialer/core';
import { createApiApp } from './create-api-app';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApiApp(config);
  await app.listen(config.api.port, config.api.host).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EADDRINUSE' ? portInUseError('API_PORT', config.api.host, config.api.port) : error;
  });
  app.get(Logger).log(`api listening on ${await app.getUrl()}`, 'Bootstrap');
}

main().catch((error: unknown) => {
  exitOnConfigurationError(error);
  throw error;
});
