import net from 'node:net';
import { AppConfig } from '@dialer/core';
import { envFor, spawnEntryPoint, SpawnedProcess } from './processes';

/** A free TCP port on loopback (for a process that must come back on the same address). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A second api process, as `npm run start:api` runs it (a child this test can
 * kill -9), on the same database, Redis prefix and emulator as the test's floor.
 */
export async function spawnApi(config: AppConfig, port: number, extra: Record<string, string> = {}): Promise<{ process: SpawnedProcess; url: string }> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawnEntryPoint(
    'apps/api/src/main.ts',
    envFor(config.database.url, config.redis.queuePrefix, {
      API_HOST: '127.0.0.1',
      API_PORT: String(port),
      PUBLIC_BASE_URL: config.api.publicBaseUrl,
      TWILIO_API_BASE_URL: config.twilio.apiBaseUrl,
      TWILIO_CPS: String(config.twilio.cps),
      LOG_LEVEL: 'info',
      ...extra,
    }),
  );
  await child.waitFor(/api listening on/, 60_000);
  return { process: child, url };
}
