import 'reflect-metadata';
import { exitOnConfigurationError, loadConfigOrExit } from '@dialer/core';
import { createWorkerApp } from './create-worker-app';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createWorkerApp(config);
  // On SIGTERM/SIGINT Nest runs WorkerDrain before the queues and connections close.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
}

main().catch((error: unknown) => {
  exitOnConfigurationError(error); // a taken health port, say: a message, not a stack
  throw error;
});
