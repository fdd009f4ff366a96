import { createTestContext, TestContext } from '@dialer/testing';
import { envFor, spawnEntryPoint, SpawnedProcess } from './support/processes';
import { TcpProxy } from './support/tcp-proxy';

/** What an operator sees when something breaks, and what an integrator reads first (real process). */
describe('unexpected errors and the API docs (e2e, real process)', () => {
  let ctx: TestContext;
  let database: TcpProxy;
  let api: SpawnedProcess;
  let baseUrl: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    // The api reaches PostgreSQL only through this proxy, so the test can take the database away.
    const target = new URL(ctx.database.url);
    database = new TcpProxy(target.hostname, Number(target.port || 5432));
    await database.start();
    target.host = `127.0.0.1:${database.port}`;
    api = spawnEntryPoint('apps/api/src/main.ts', envFor(target.toString(), ctx.queuePrefix, { API_HOST: '127.0.0.1', API_PORT: '0' }));
    const started = JSON.parse(await api.waitFor(/api listening on/));
    baseUrl = `http://127.0.0.1:${/:(\d+)$/.exec(started.msg)![1]}`;
  });

  afterAll(async () => {
    api.kill('SIGTERM');
    await database.restore();
    await api.exited();
    await database.cut();
    await ctx.cleanup();
  });

  it('serves the OpenAPI UI at /docs and the document behind it', async () => {
    const page = await fetch(`${baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui');
    const document = (await (await fetch(`${baseUrl}/docs-json`)).json()) as { info: { title: string }; paths: Record<string, unknown> };
    expect(document.info.title).toBe('Dialer API');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/auth/login', '/lists/{id}/imports', '/campaigns/{id}/stats']));
  });

  it('answers an unexpected failure with 500 and an errorId that the log line carries too', async () => {
    await database.cut();
    const response = await fetch(`${baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'someone@example.com', password: 'whatever-it-is' }),
    });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { errorId: string; message: string };
    expect(body.errorId).toMatch(/^[0-9a-f-]{8,}$/i);
    expect(body.message).not.toMatch(/ECONNREFUSED|connect|postgres/i); // no internals leak to the caller
    const logged = JSON.parse(await api.waitFor(new RegExp(body.errorId)));
    expect(logged.level).toBeGreaterThanOrEqual(50);
    expect(JSON.stringify(logged)).toMatch(/ECONNREFUSED|Connection terminated|connect/i);
  });
});
