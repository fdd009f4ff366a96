import { hostname } from 'node:os';
import { INestApplicationContext } from '@nestjs/common';
import { createTestContext, TestContext } from '@dialer/testing';
import { RunningApi, SignedIn, signInAs, startApi, startWorker } from './support/apps';
import { pollUntil } from './support/poll';

describe('queues: api → Redis → worker (e2e)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let admin: SignedIn;

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await startApi(ctx.config);
    worker = await startWorker(ctx.config);
    admin = await signInAs(api, 'admin');
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await ctx?.cleanup();
  });

  it('processes in the worker a job the api enqueued, and shows its result', async () => {
    const enqueued = await api
      .http()
      .post('/admin/queues/probe')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({})
      .expect(202);
    expect(enqueued.body).toMatchObject({ queue: 'system', name: 'probe' });

    const done = await pollUntil(
      async () =>
        (await api.http().get(`/admin/queues/system/jobs/${enqueued.body.id}`).set('Authorization', `Bearer ${admin.token}`)).body,
      (job) => job.state === 'completed',
    );
    expect(done.result).toMatchObject({ processedBy: `${hostname()}:${process.pid}` });
    expect(done.result.queueLatencyMs).toBeGreaterThanOrEqual(0);
    expect(done.finishedAt).toBeDefined();
  });

  it('keeps the queue tools to admins', async () => {
    const manager = await signInAs(api, 'manager');
    await api.http().post('/admin/queues/probe').set('Authorization', `Bearer ${manager.token}`).send({}).expect(403);
    await api.http().get('/admin/queues/nope/jobs/1').set('Authorization', `Bearer ${admin.token}`).expect(400, /queue/);
    await api.http().get('/admin/queues/system/jobs/999999').set('Authorization', `Bearer ${admin.token}`).expect(404);
  });

  it('serves Bull Board to an admin and refuses everyone else', async () => {
    await api.http().get('/admin/queues/board').expect(401);
    await api.http().get('/admin/queues/board?token=not-a-token').expect(401, /AUTH_INVALID_TOKEN/);
    const manager = await signInAs(api, 'manager');
    await api.http().get(`/admin/queues/board?token=${manager.token}`).expect(403, /AUTH_FORBIDDEN/);
    await api.http().get('/admin/queues/board').set('Authorization', `Bearer ${manager.token}`).expect(403);

    const handoff = await api.http().get(`/admin/queues/board?token=${admin.token}`).expect(302);
    const cookie = handoff.headers['set-cookie'][0].split(';')[0];
    expect(handoff.headers['set-cookie'][0]).toMatch(/HttpOnly/i);
    expect(handoff.headers['set-cookie'][0]).not.toMatch(/Secure/i); // plain HTTP: a Secure cookie would never come back
    const behindTls = await api.http().get(`/admin/queues/board?token=${admin.token}`).set('X-Forwarded-Proto', 'https').expect(302);
    expect(behindTls.headers['set-cookie'][0]).toMatch(/; Secure/i);
    const page = await api.http().get('/admin/queues/board').set('Cookie', cookie).expect(200);
    expect(page.text).toMatch(/bull/i);
  });
});
