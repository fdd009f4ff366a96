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
    expect(entry.req.url).toContain('+81********78'); // decoded before masking, so no encoding hides a number
    expect(api.output()).not.toContain('819012345678');
  });

  it('masks a phone number in any format in a path or a query string', async () => {
    const port = /:(\d+)$/.exec(JSON.parse(await api.waitFor(/api listening on/)).msg)![1];
    await fetch(`http://127.0.0.1:${port}/dnc/212-555-0143`, { method: 'DELETE', headers: { 'X-Request-Id': 'req-44' } });
    await fetch(`http://127.0.0.1:${port}/dnc?phone=212.555.0199&country=US`, { headers: { 'X-Request-Id': 'req-45' } });
    expect(JSON.parse(await api.waitFor(/"req-44"/)).req.url).toBe('/dnc/***-***-**43');
    expect(JSON.parse(await api.waitFor(/"req-45"/)).req.url).toBe('/dnc?phone=***.***.**99&country=US');
    expect(api.output()).not.toMatch(/212-555-0143|212\.555\.0199/);
  });

  it('logs a webhook the fast path refuses with its status code', async () => {
    const port = /:(\d+)$/.exec(JSON.parse(await api.waitFor(/api listening on/)).msg)![1];
    const response = await fetch(`http://127.0.0.1:${port}/twilio/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'X-Request-Id': 'req-46' },
      body: 'CallSid=CA0123456789abcdef0123456789abcdef&CallStatus=ringing',
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(await api.waitFor(/"req-46"/))).toMatchObject({ level: 40, req: { id: 'req-46', method: 'POST' }, res: { statusCode: 400 } });
  });
});

