import { createServer, Server } from 'node:net';
import { once } from 'node:events';
import { AddressInfo } from 'node:net';
import { createTestContext, productionCredentials, TestContext } from '@dialer/testing';
import { envFor, spawnEntryPoint } from './support/processes';

describe('startup configuration (e2e, real process)', () => {
  it('stops before booting, listing every bad or missing variable in one message', async () => {
    const api = spawnEntryPoint('apps/api/src/main.ts', {
      API_PORT: 'eighty',
      DATABASE_URL: 'mysql://root@localhost/dialer',
      NODE_ENV: 'production',
    });
    const exit = await api.exited();
    expect(exit.code).toBe(78);
    const output = api.output();
    expect(output).toMatch(/Invalid configuration/);
    expect(output).toMatch(/API_PORT/);
    expect(output).toMatch(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(output).toMatch(/JWT_SECRET must be set in production/);
    expect(output).not.toMatch(/Nest application/);
  });

  it('refuses production with the emulator’s published credentials, naming each', async () => {
    const { JWT_SECRET, TWILIO_API_KEY_SID, TWILIO_TWIML_APP_SID } = productionCredentials();
    const api = spawnEntryPoint('apps/api/src/main.ts', { NODE_ENV: 'production', JWT_SECRET, TWILIO_API_KEY_SID, TWILIO_TWIML_APP_SID });
    expect((await api.exited()).code).toBe(78);
    for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_API_KEY_SECRET']) {
      expect(api.output()).toMatch(new RegExp(`${name}: is the emulator's`));
    }
    expect(api.output()).not.toMatch(/JWT_SECRET|TWILIO_API_KEY_SID|TWILIO_TWIML_APP_SID/);
  });

  describe('a port already taken', () => {
    let ctx: TestContext;
    let taken: Server;
    let port: number;

    beforeAll(async () => {
      ctx = await createTestContext();
      taken = createServer().listen(0, '127.0.0.1');
      await once(taken, 'listening');
      port = (taken.address() as AddressInfo).port;
    });

    afterAll(async () => {
      taken?.close();
      await ctx?.cleanup();
    });

    it('stops a second worker on the same health port with a configuration message, not a stack', async () => {
      const worker = spawnEntryPoint('apps/worker/src/main.ts', envFor(ctx.database.url, ctx.queuePrefix, { WORKER_HEALTH_PORT: String(port) }));
      expect((await worker.exited()).code).toBe(78);
      expect(worker.output()).toContain(`WORKER_HEALTH_PORT: 127.0.0.1:${port} is already in use`);
      expect(worker.output()).not.toMatch(/Unhandled 'error' event|\n\s+at /);
    });

    it('does the same for the api', async () => {
      const api = spawnEntryPoint('apps/api/src/main.ts', envFor(ctx.database.url, ctx.queuePrefix, { API_PORT: String(port) }));
      expect((await api.exited()).code).toBe(78);
      expect(api.output()).toContain(`API_PORT: 127.0.0.1:${port} is already in use`);
    });
  });
});
