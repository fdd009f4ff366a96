import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { createTestContext, TestContext, testConfig } from '@dialer/testing';
import { RunningApi, startApi, startWorker } from './support/apps';
import { TcpProxy } from './support/tcp-proxy';
import { HealthServer } from '../apps/worker/src/lifecycle/health-server';

describe('health (e2e)', () => {
  let ctx: TestContext;
  let proxy: TcpProxy;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let workerHealthUrl: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    proxy = new TcpProxy('127.0.0.1', 6379);
    await proxy.start();
    // Both processes reach Redis only through the proxy, so the test can take it away.
    const config = testConfig(ctx.database.url, ctx.queuePrefix, { REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
    api = await startApi(config);
    worker = await startWorker(config);
    workerHealthUrl = `http://127.0.0.1:${worker.get(HealthServer).port}`;
  });

  afterAll(async () => {
    await proxy.restore();
    await worker?.close();
    await api?.close();
    await proxy.cut();
    await ctx?.cleanup();
  });

  it('answers 200 with PostgreSQL and Redis up, on the api and on the worker port', async () => {
    const response = await api.http().get('/health').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' } } });
    await request(workerHealthUrl).get('/health').expect(200, /"status":"ok"/);
  });

  it('answers 503 naming Redis when Redis becomes unreachable, and recovers', async () => {
    await proxy.cut();
    const down = await api.http().get('/health').expect(503);
    expect(down.body.status).toBe('error');
    expect(down.body.error).toHaveProperty('redis.status', 'down');
    expect(down.body.info).toHaveProperty('postgres.status', 'up');
    const workerDown = await request(workerHealthUrl).get('/health').expect(503);
    expect(workerDown.body.error).toHaveProperty('redis.status', 'down');

    await proxy.restore();
    for (let attempt = 0; attempt < 50; attempt++) {
      const { status } = await api.http().get('/health');
      if (status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('api health did not recover after Redis came back');
  });
});
