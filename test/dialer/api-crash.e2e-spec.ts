import { AgentsService, DESK_TTL_MS } from '@dialer/agents';
import { Reconciler } from '@dialer/dialer';
import { query, seedLeads } from '@dialer/testing';
import { SimulatedDesk } from '../../apps/agent-simulator/src/simulated-desk';
import { inContext, signInAs } from '../support/apps';
import { launchCampaign } from '../support/campaigns';
import { freePort, spawnApi } from '../support/child-api';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { SpawnedProcess } from '../support/processes';
import { zonesByWindow } from '../support/zones';

/**
 * kill -9 of the api that holds the agents' desks and hears Twilio (issue 13,
 * defect 2). Its desks' presence expires with it (heartbeats with a TTL), so
 * its agents stop getting calls; a call whose final callback died with it is
 * checked with Twilio after a bound from the campaign's talk times, not 2 h;
 * the simulated desks reconnect when an api is back on the address, and pick up.
 */
describe('the api killed mid-campaign (e2e, a real process killed)', () => {
  let floor: Floor;
  let port: number;
  let crashing: { process: SpawnedProcess; url: string } | undefined;
  const desks: SimulatedDesk[] = [];

  beforeAll(async () => {
    floor = await startFloor({
      scenario: {
        answerProbability: 1,
        answeredMix: { human: 1, machine: 0, fax: 0 },
        amd: { accuracy: 1 },
        // 10–12 s calls at the floor's 1/20 time: each outlives the api's death below.
        agents: { talkTimeSec: { min: 200, max: 240 } },
      },
    });
    port = await freePort();
    // Twilio's callbacks go to the api that is killed below (the floor's in-process api stays up, unrelated to it).
    floor.config.api.publicBaseUrl = `http://127.0.0.1:${port}`;
    crashing = await spawnApi(floor.config, port);
  });

  afterAll(async () => {
    await Promise.allSettled(desks.map((desk) => desk.close()));
    crashing?.process.kill('SIGKILL');
    await crashing?.process.exited();
    await floor?.close();
  });

  it('expires the dead api’s desks, checks the talking call whose callback died, and the desks reconnect and pick up', async () => {
    const [listId] = (await query(floor.api.app, `insert into lead_lists (name, default_country) values ('crash', 'US') returning id`)).map((r) => r.id as string);
    const zone = zonesByWindow().open[0];
    const leadIds = await seedLeads(floor.api.app, listId, Array.from({ length: 40 }, (_, i) => ({ phone: `+1206557${String(1000 + i)}`, zones: [zone] })));
    const campaignId = await launchCampaign(floor, { dialingMode: 'progressive' }, [listId]);
    // The campaign's past: 30 answered calls of 5 s, so its talking calls are asked about after the 60 s floor.
    await query(
      floor.api.app,
      `insert into call_attempts (id, campaign_id, lead_id, phone, state, provider_call_sid, answered_at, answered_by, connected_at, ended_at, settled_at)
       select gen_random_uuid(), ?, ?, '+12065579999', 'completed', 'CA' || md5(random()::text), now() - i * interval '1 minute', 'human',
              now() - i * interval '1 minute', now() - i * interval '1 minute' + interval '5 seconds', now()
         from generate_series(1, 30) i`,
      [campaignId, leadIds[39]],
    );
    await query(floor.api.app, `update leads set status = 'done' where id = ?`, [leadIds[39]]);
    for (let i = 0; i < 2; i++) {
      const user = await signInAs(floor.api, 'agent');
      desks.push(await SimulatedDesk.open({ apiUrl: crashing!.url, emulatorUrl: floor.emulator.url, token: user.token, userId: user.userId, campaignId }));
    }
    const agents = floor.workers[0].get(AgentsService);
    const [talker] = desks;
    const live = await pollUntil(
      async () => (await query(floor.api.app, `select id, agent_id from call_attempts where campaign_id = ? and state = 'in_progress' and agent_id is not null`, [campaignId]))[0],
      (row) => row !== undefined,
      { timeoutMs: 30_000, everyMs: 50 },
    );
    expect(desks.map((d) => d.userId)).toContain(live.agent_id);
    // The desk has the call on screen (on a loaded machine its screen pop may lag the database): it owes its outcome.
    await pollUntil(async () => desks.some((d) => d.pops.some((pop) => pop.attemptId === live.id)), Boolean, { timeoutMs: 30_000, everyMs: 50 });

    crashing!.process.kill('SIGKILL');
    await crashing!.process.exited();
    const killedAt = Date.now();

    // 1. The desks died with the api: within its TTL (and the leader's next look) nobody counts on their agents.
    await pollUntil(
      async () => Promise.all(desks.map(async (d) => (await agents.get(d.userId))?.state)),
      (states) => states.every((state) => state !== 'ready' && state !== 'reserved'),
      { timeoutMs: DESK_TTL_MS + 10_000, everyMs: 250 },
    );
    const expiredAt = Date.now();
    expect(expiredAt - killedAt).toBeLessThan(DESK_TTL_MS + 10_000);

    // 2. The call that was talking ended while nobody heard its callbacks: the database still says in progress.
    const sid = await sidOf(live.id as string);
    await pollUntil(async () => floor.emulator.call(sid)?.status, (status) => status === 'completed', { timeoutMs: 30_000, everyMs: 250 });
    expect((await attempt(live.id as string)).state).toBe('in_progress');
    // Nothing was put through to a desk that was gone once it had expired.
    const putThrough = await query(
      floor.api.app,
      `select count(*)::int as n from call_attempts where campaign_id = ? and connected_at > ? and agent_id = any(?::uuid[])`,
      [campaignId, new Date(expiredAt), `{${desks.map((d) => d.userId).join(',')}}`],
    );
    expect(putThrough[0].n).toBe(0);

    // 3. A minute of silence (three times the campaign's p99 of 5 s, floored at 60 s): the reconciler asks Twilio, not after 2 h.
    const worker = floor.workers[0];
    await pollUntil(
      async () => {
        await inContext(worker, () => worker.get(Reconciler).run());
        return (await attempt(live.id as string)).state;
      },
      (state) => state === 'completed',
      { timeoutMs: 120_000, everyMs: 5_000 },
    );
    expect((await agents.get(live.agent_id as string))?.state).not.toBe('on_call');

    // 4. An api is back on the address: the desks reconnect (with backoff), join again, record what they owe, and are ready.
    crashing = await spawnApi(floor.config, port);
    await pollUntil(async () => desks.map((d) => d.restored), (restored) => restored.every((n) => n >= 1), { timeoutMs: 30_000, everyMs: 250 });
    await pollUntil(
      async () => Promise.all(desks.map(async (d) => (await agents.get(d.userId))?.state)),
      (states) => states.every((state) => state !== 'paused' && state !== 'offline'),
      { timeoutMs: 30_000, everyMs: 250 },
    );
    await pollUntil(async () => talker.dispositions.concat(desks[1].dispositions).filter((d) => d.attemptId === live.id), (done) => done.length === 1, {
      timeoutMs: 30_000,
    });
    await pollUntil(async () => (await query(floor.api.app, `select status from leads where id = (select lead_id from call_attempts where id = ?)`, [live.id]))[0].status, (status) => status !== 'dialing', {
      timeoutMs: 30_000,
    });
  }, 300_000);

  const attempt = async (id: string) => (await query(floor.api.app, `select * from call_attempts where id = ?`, [id]))[0];
  const sidOf = async (id: string) => (await attempt(id)).provider_call_sid as string;
});
