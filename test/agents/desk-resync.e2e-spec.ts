import { query, seedLeads } from '@dialer/testing';
import { AgentSocket } from '../../apps/agent-simulator/src/agent-socket';
import { signInAs } from '../support/apps';
import { launchCampaign } from '../support/campaigns';
import { OwnRedis } from '../support/fault-floor/own-services';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { zonesByWindow } from '../support/zones';

/**
 * Agent state and the desks' notices go through Redis. While it restarts,
 * a notice (a call's end, a state change) may be lost; a desk that stayed
 * connected to its api would never hear it. Once Redis is back, every desk is
 * sent its agent's state again.
 */
describe('a desk when Redis comes back (e2e, its own redis-server)', () => {
  let redis: OwnRedis;
  let floor: Floor;
  let desk: AgentSocket;
  let campaignId: string;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    floor = await startFloor({ env: { REDIS_URL: redis.url } });
    const [{ id: listId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('resync', 'US') returning id`);
    await seedLeads(floor.api.app, listId as string, [{ phone: '+14155557301', zones: [zonesByWindow().open[0]] }]);
    campaignId = await launchCampaign(floor, { dialingMode: 'preview' }, [listId as string]);
    const agent = await signInAs(floor.api, 'agent');
    desk = await AgentSocket.connect(floor.api.url, agent.token);
    expect(await desk.emit('join', { campaignId })).toMatchObject({ ok: true });
  });

  afterAll(async () => {
    desk?.close();
    await floor?.close();
    await redis?.destroy();
  });

  it('sends each connected desk its agent’s state again, without the desk reconnecting', async () => {
    const states: { state: string; campaignId: string | null }[] = [];
    desk.socket.on('state', (presence) => states.push(presence as { state: string; campaignId: string | null }));
    let reconnected = false;
    desk.socket.io.on('reconnect', () => (reconnected = true));

    await redis.restart();

    await pollUntil(async () => states.length, (count) => count > 0, { timeoutMs: 20_000 });
    expect(states[0]).toMatchObject({ state: 'paused', campaignId });
    expect(reconnected).toBe(false);
  });
});
