import { createTestContext, TestContext } from '@dialer/testing';
import { envFor, spawnEntryPoint, SpawnedProcess } from './support/processes';

describe('request logs (e2e, real process)', () => {
  let ctx: TestContext;
  let api: SpawnedProcess;

  beforeAll(async () => {
    ctx = await createTestContext();
    api = spawnEntryPoint('apps/api/src/main.ts', envFor(ctx.database.url, ctx.queuePrefix, { API_HOST: '127.0.0.1' }));
  });

  afterAll(async () => {
    api.kill('SIGTERM');
    await api.exited();
    await ctx.cleanup();
  });

  it('writes one JSON line per request with its request id, and masks phone numbers', async () => {
    const started = JSON.parse(await api.waitFor(/api listening on/));
    expect(started).toMatchObject({ level: 30, name: 'api' });
    const port = /:(\d+)$/.exec(started.msg)![1];

    const response = await fetch(`http://127.0.0.1:${port}/health?callback=%2B14155552671`, {
      headers: { 'X-Request-Id': 'req-from-proxy-42' },
    });
    expect(response.headers.get('x-request-id')).toBe('req-from-proxy-42');
    await fetch(`http://127.0.0.1:${port}/users?phone=%2B819012345678`, { headers: { 'X-Request-Id': 'req-43' } });

    const line = await api.waitFor(/"req-43"/);
    const entry = JSON.parse(line);
    expect(entry).toMatchObject({ req: { id: 'req-43', method: 'GET' }, res: { statusCode: 401 } });
    expect(entry.req.url).toContain('%2B81********78');
    expect(api.output()).not.toContain('819012345678');
  });
});
