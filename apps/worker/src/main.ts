import 'reflect-metadata';
import { loadConfigOrExit } from '@dialer/core';
import { createWorkerApp } from './create-worker-app';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createWorkerApp(config);
  // On SIGTERM/SIGINT Nest runs WorkerDrain before the queues and connections close.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
}

void main();
