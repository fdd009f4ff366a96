/**
 * Where the demo finds its parts, with the ports moved or not (API_PORT,
 * EMULATOR_PORT, WORKER_HEALTH_PORT: a second demo on one machine). The
 * processes themselves derive their public and Twilio URLs from the same
 * ports (loadConfig). Pure: no I/O.
 */
export interface DemoUrls {
  api: string;
  workerHealth: string;
  emulator: string;
}

export function demoUrls(env: NodeJS.ProcessEnv): DemoUrls {
  return {
    api: `http://127.0.0.1:${env.API_PORT ?? 3000}`,
    workerHealth: `http://127.0.0.1:${env.WORKER_HEALTH_PORT ?? 3001}/health`,
    emulator: `http://127.0.0.1:${env.EMULATOR_PORT ?? 3100}`,
  };
}
