import { seedCampaign } from '@dialer/testing';
import { SimulatedDesk } from '../../apps/agent-simulator/src/simulated-desk';
import type { CallLog } from '../../apps/twilio-emulator/src/start-emulator';
import { signInAs } from '../support/apps';
import { freePort, spawnApi } from '../support/child-api';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { SpawnedProcess } from '../support/processes';

/** The status the api last answered to each voice request of an agent's audio leg (client:<identity>). */
function agentLegVoiceStatuses(calls: CallLog[], identity: string): number[] {
  return calls
    .filter((call) => call.from === `client:${identity}`)
    .flatMap((call) => call.events)
    .flatMap((event) => (event.type === 'webhook' && event.delivery.kind === 'voice' ? [event.delivery.attempts.at(-1)?.status ?? 0] : []));
}

/**
 * A desk whose socket is on the second of two api processes (the soak's
 * floor, issue 13): Twilio calls the agent leg's voice webhook at the public
 * base URL, which every api checks the signature against. The soak's desks
 * dialed their leg into their own api's address instead; the second api
 * refused it (403), so no desk of it ever reached its room and the soak never
 * dialed.
 */
describe('an agent’s audio leg with two api processes (e2e, a second real process)', () => {
  let floor: Floor;
  let second: { process: SpawnedProcess; url: string } | undefined;
  let campaignId: string;
  const desks: SimulatedDesk[] = [];

  beforeAll(async () => {
    floor = await startFloor(); // its in-process api is the public base URL
    ({ id: campaignId } = await seedCampaign(floor.api.app, { status: 'active' }));
    second = await spawnApi(floor.config, await freePort());
  });

  afterAll(async () => {
    await Promise.allSettled(desks.map((desk) => desk.close()));
    second?.process.kill('SIGTERM');
    await second?.process.exited();
    await floor?.close();
  });

  const openOnSecond = async (publicBaseUrl?: string) => {
    const user = await signInAs(floor.api, 'agent');
    const open = SimulatedDesk.open({ apiUrl: second!.url, publicBaseUrl, emulatorUrl: floor.emulator.url, token: user.token, userId: user.userId, campaignId });
    return { user, open };
  };

  it('reaches the room and goes ready when the leg is dialed into the public base URL', async () => {
    const { user, open } = await openOnSecond(floor.api.url);
    const desk = await open;
    desks.push(desk);
    await pollUntil(async () => desk.presence?.state, (state) => state === 'ready', { timeoutMs: 10_000 });
    expect(desk.presence).toMatchObject({ state: 'ready', campaignId });
    expect(floor.emulator.agents().find((leg) => leg.identity === user.userId)).toMatchObject({ state: 'available', room: expect.stringContaining(user.userId) });
    expect(agentLegVoiceStatuses(floor.emulator.calls(), user.userId)).toEqual([200]);
  });

  it('is refused by the second api at its own address (the signature names the public URL), and the desk says why', async () => {
    const { user, open } = await openOnSecond();
    await expect(open).rejects.toThrow(/never reached the room .*PUBLIC_BASE_URL/);
    expect(agentLegVoiceStatuses(floor.emulator.calls(), user.userId)).toEqual([403]);
    expect(floor.emulator.agents().find((leg) => leg.identity === user.userId)?.state).not.toBe('available');
  });
});
