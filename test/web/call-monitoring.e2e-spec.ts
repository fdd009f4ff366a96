import path from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { query, seedLeads } from '@dialer/testing';
import { AgentSocket } from '../../apps/agent-simulator/src/agent-socket';
import { ensureWebBuild } from '../../scripts/web/web-build';
import { SignedIn, signInAs, TEST_PASSWORD } from '../support/apps';
import { launchChromium, SCREENSHOTS, withPageEvidence } from '../support/browser';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { zonesByWindow } from '../support/zones';

interface RoomParticipant {
  callSid: string;
  label: string | null;
  status: string;
  muted: boolean;
  coaching: boolean;
  heardBy: string[];
}

/**
 * Call monitoring from the Japanese wallboard, in Debian's Chromium against
 * the real api, worker and Twilio emulator: a supervisor clicks モニタリング on
 * an agent who is on a call, whispers (ささやき), barges in (割り込み) and stops;
 * the emulator's room says who hears the supervisor at each step.
 */
describe('call monitoring on the wallboard in the browser (e2e)', () => {
  let floor: Floor;
  let browser: Browser;
  let agent: SignedIn;
  let desk: AgentSocket;
  const contexts: BrowserContext[] = [];
  const auth = (user: SignedIn) => ({ Authorization: `Bearer ${user.token}` });
  const presence = async () => (await floor.api.http().get('/agent/state').set(auth(agent)).expect(200)).body as { state: string };
  const monitorLeg = async (): Promise<RoomParticipant | undefined> => {
    const rooms = (await (await fetch(`${floor.emulator.url}/_emulator/conferences`)).json()) as { friendlyName: string; status: string; participants: RoomParticipant[] }[];
    const room = rooms.find((r) => r.friendlyName === `agent-${agent.userId}` && r.status !== 'completed');
    return room?.participants.find((p) => p.label === 'monitor' && p.status === 'connected');
  };

  beforeAll(async () => {
    ensureWebBuild((line) => process.stdout.write(`${line}\n`));
    floor = await startFloor({ scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 }, callee: { hangUpAfterSilenceSec: 600 } } });
    const [{ id: listId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('monitoring', 'US') returning id`);
    await seedLeads(floor.api.app, listId as string, [{ phone: '+14155557301', zones: [zonesByWindow().open[0]] }]);
    const campaignId = await launchCampaign(floor, { name: 'モニタリング e2e', dialingMode: 'preview', settings: { wrapUp: { seconds: 300, autoReady: false } } }, [listId as string]);
    agent = await signInAs(floor.api, 'agent');
    desk = await AgentSocket.connect(floor.api.url, agent.token);
    expect(await desk.emit('join', { campaignId })).toMatchObject({ ok: true });
    await floor.api.http().post('/agent/audio').set(auth(agent)).expect(200);
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    desk?.close();
    await floor?.close();
  });

  async function wallboard(): Promise<Page> {
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${floor.api.url}/console/wallboard`);
    await page.waitForURL(/\/login/);
    await page.fill('input[name=email]', floor.manager.email);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(/\/console\/wallboard/);
    await page.locator('.wb-live-on').waitFor({ timeout: 20_000 });
    return page;
  }

  it('offers no monitoring for an agent who is not on a call', async () => {
    const page = await wallboard();
    const row = page.locator(`tr[data-agent="${agent.userId}"]`);
    await row.locator('.wb-state', { hasText: '離席中' }).waitFor({ timeout: 20_000 });
    expect(await row.getByRole('button', { name: 'モニタリング' }).count()).toBe(0);
  });

  it('listens, whispers, barges and stops from the Japanese wallboard; a second supervisor is refused in Japanese', async () => {
    expect(await desk.emit('ready')).toMatchObject({ ok: true });
    await pollUntil(presence, (p) => p.state === 'reserved');
    await floor.api.http().post('/agent/preview/dial').set(auth(agent)).expect(200);
    await pollUntil(presence, (p) => p.state === 'on_call');

    const page = await wallboard();
    const row = page.locator(`tr[data-agent="${agent.userId}"]`);
    const bar = page.getByRole('region', { name: '通話モニタリング' });
    await withPageEvidence(page, 'monitoring-ja-failed', async () => {
      await row.locator('.wb-state', { hasText: '通話中' }).waitFor({ timeout: 20_000 });
      await row.getByRole('button', { name: 'モニタリング' }).click();
      await bar.getByText('Test agent の通話: モニタリング（誰にも聞こえません）').waitFor({ timeout: 20_000 });
    });
    // On a phone (375 px) each label stays whole: the cell wraps between the buttons, not inside 「モニタリング」.
    await page.setViewportSize({ width: 375, height: 800 });
    for (const name of ['モニタリング', 'ささやき', '割り込み']) {
      const button = row.getByRole('button', { name });
      expect(await button.evaluate((b) => b.ownerDocument.defaultView!.getComputedStyle(b).whiteSpace)).toBe('nowrap');
      expect(await button.evaluate((b) => b.getClientRects().length)).toBe(1);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await monitorLeg()).toMatchObject({ muted: true, coaching: false, heardBy: [] });
    expect(await row.getByRole('button', { name: 'モニタリング' }).getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'wallboard-monitoring-ja.png'), fullPage: true });

    await bar.getByRole('button', { name: 'ささやき' }).click();
    await bar.getByText('ささやき（オペレーターにだけ聞こえます）').waitFor();
    const whisper = await monitorLeg();
    expect(whisper).toMatchObject({ muted: false, coaching: true });
    expect(whisper!.heardBy).toHaveLength(1);

    await bar.getByRole('button', { name: '割り込み' }).click();
    await bar.getByText('割り込み（オペレーターと顧客に聞こえます）').waitFor();
    expect((await monitorLeg())!.heardBy).toHaveLength(2);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'wallboard-monitoring-barge-ja.png'), fullPage: true });

    // Another supervisor's wallboard: the call is taken, and the page says so in Japanese.
    const other = await signInAs(floor.api, 'manager');
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const second = await context.newPage();
    await second.goto(`${floor.api.url}/console/wallboard`);
    await second.waitForURL(/\/login/);
    await second.fill('input[name=email]', other.email);
    await second.fill('input[name=password]', TEST_PASSWORD);
    await second.locator('form button[type=submit]').click();
    await second.waitForURL(/\/console\/wallboard/);
    await second.locator(`tr[data-agent="${agent.userId}"]`).getByRole('button', { name: 'モニタリング' }).click();
    await second.getByRole('alert').getByText('この通話はすでに別のスーパーバイザーがモニタリングしています。').waitFor();
    await second.screenshot({ path: path.join(SCREENSHOTS, 'wallboard-monitoring-refused-ja.png'), fullPage: true });

    await bar.getByRole('button', { name: 'モニタリング終了' }).click();
    await bar.waitFor({ state: 'detached' });
    await pollUntil(monitorLeg, (leg) => leg === undefined, { timeoutMs: 5_000 });
    expect(await presence()).toMatchObject({ state: 'on_call' });

    const trail = await query(floor.api.app, `select action, actor_id, data->>'mode' as mode from audit_log where entity_id = ? and action like 'agent.monitoring_%' order by id`, [agent.userId]);
    expect(trail.map((r) => [r.action, r.mode, r.actor_id])).toEqual([
      ['agent.monitoring_started', 'listen', floor.manager.userId],
      ['agent.monitoring_mode_changed', 'whisper', floor.manager.userId],
      ['agent.monitoring_mode_changed', 'barge', floor.manager.userId],
      ['agent.monitoring_stopped', 'barge', floor.manager.userId],
    ]);
  });
});
