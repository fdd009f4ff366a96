import path from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { query, seedLeads } from '@dialer/testing';
import { ensureWebBuild } from '../../scripts/web/web-build';
import { TEST_PASSWORD } from '../support/apps';
import { launchChromium, SCREENSHOTS } from '../support/browser';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { SimulatedAgent } from '../support/simulated-agent';
import { zonesByWindow } from '../support/zones';

/**
 * The wallboard (apps/web, /console/wallboard) in Debian's Chromium against
 * the real api, worker and Twilio emulator, with simulated agents taking the
 * calls: the figures and charts move as calls are placed, pushed over the
 * /floor socket, and a supervisor acts on agents from the grid (audited).
 */
describe('the wallboard in the browser (e2e)', () => {
  let floor: Floor;
  let browser: Browser;
  let campaignId: string;
  const agents: SimulatedAgent[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ensureWebBuild((line) => process.stdout.write(`${line}\n`));
    floor = await startFloor({ scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 }, agents: { talkTimeSec: 40 } } });
    const [listId] = (await query(floor.api.app, `insert into lead_lists (name, default_country) values ('wallboard', 'US') returning id`)).map((r) => r.id as string);
    const zone = zonesByWindow().open[0];
    await seedLeads(floor.api.app, listId, Array.from({ length: 60 }, (_, i) => ({ phone: `+1415555${3000 + i}`, zones: [zone], firstName: `Lead${i}` })));
    campaignId = await launchCampaign(floor, { name: 'Wallboard e2e', dialingMode: 'progressive' }, [listId]);
    for (let i = 0; i < 2; i++) agents.push(await SimulatedAgent.start(floor, campaignId));
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    for (const agent of agents) agent.stop();
    await floor?.close();
  });

  /** A manager signed in through the page, on the campaign's wallboard, in this language. */
  async function wallboard(locale: 'en-US' | 'ja-JP', url = `/console/wallboard?campaign=${campaignId}`): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${floor.api.url}${url}`);
    await page.waitForURL(/\/login/);
    await page.fill('input[name=email]', floor.manager.email);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(/\/console\/wallboard/);
    await page.goto(`${floor.api.url}${url}`);
    await page.locator('.wb-live-on').waitFor({ timeout: 20_000 });
    return page;
  }

  const tile = (page: Page, id: string) => page.locator(`[data-tile=${id}] .wb-tile-value`).innerText();
  const chartSummary = (page: Page, index: number) => page.locator('.time-chart [role=img]').nth(index).getAttribute('aria-label');
  /** Polls until `read` gives something `accept` takes (the page is pushed to, never reloaded). */
  async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (accept(value)) return value;
      if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(value)} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it('moves its tiles and charts as calls are placed, and pauses an agent from the grid (audited), in English', async () => {
    const page = await wallboard('en-US');
    await page.getByRole('heading', { name: 'Wallboard' }).waitFor();
    expect(await page.locator('.wb-picker select').inputValue()).toBe(campaignId);

    // Calls go out and are answered: the dials tile and the per-minute chart climb without a reload.
    const firstDials = Number(await until(() => tile(page, 'dials'), (value) => Number(value) >= 1));
    await until(() => tile(page, 'dials'), (value) => Number(value) > firstDials, 60_000);
    await until(() => chartSummary(page, 1), (summary) => /Dials [1-9]/.test(summary ?? ''));
    expect(await page.locator('.time-chart canvas').count()).toBeGreaterThanOrEqual(4);
    expect(await tile(page, 'abandon-rate')).toBe('0.00%');
    expect(await page.locator('[data-tile=abandon-rate] .wb-tile-note').innerText()).toMatch(/cap 3\.0%/);
    expect(await chartSummary(page, 0)).toMatch(/Abandon rate 0\.00%, Cap 3\.00%/);
    await until(() => page.locator('.wb-grid td.wb-state', { hasText: 'On call' }).count(), (n) => n >= 1);
    expect(await page.locator('.wb-pacing').innerText()).toMatch(/Dial level \d+/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'wallboard-en.png'), fullPage: true });

    // The supervisor pauses the first agent: now if idle, else after the call in hand; the grid says which.
    const target = agents[0];
    const row = page.locator(`tr[data-agent="${target.id}"]`);
    await row.getByRole('button', { name: 'Pause' }).click();
    await row.getByRole('button', { name: 'Confirm' }).focus();
    await page.keyboard.press('Enter');
    await until(() => row.locator('.wb-state').innerText(), (state) => state === 'Paused', 60_000);
    expect(await row.locator('.wb-reason').innerText()).toContain('Paused by a supervisor');
    const [audit] = await query(floor.api.app, `select actor_id, data from audit_log where action = 'agent.paused_by_supervisor' and entity_id = ?`, [target.id]);
    expect(audit).toMatchObject({ actor_id: floor.manager.userId, data: expect.objectContaining({ reason: 'supervisor' }) });
    // The other agent still takes calls: the floor keeps dialing.
    expect(await page.locator('.wb-why').innerText()).not.toMatch(/No agent is logged in/);
  });

  it('shows the whole floor in Japanese and signs an agent out after the call from the grid', async () => {
    const page = await wallboard('ja-JP', '/console/wallboard');
    await page.getByRole('heading', { name: 'リアルタイムモニター' }).waitFor();
    expect(await page.locator('.wb-picker select').inputValue()).toBe('');
    expect(await page.locator('[data-tile=abandon-rate] dt').innerText()).toBe('放棄率');
    expect(await page.locator('[data-tile=average-wait] dt').innerText()).toBe('平均応答速度');
    // Each tile says what it counts (UI.md): a tooltip, and the label's description, not shown on the tile itself.
    expect(await page.locator('[data-tile=contact-rate]').getAttribute('title')).toMatch(/^直近1時間。コンタクト率 = コンタクト数 ÷ 発信数/);
    const describedBy = await page.locator('[data-tile=contact-rate] dt').getAttribute('aria-describedby');
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toMatch(/^直近1時間。コンタクト率 = コンタクト数 ÷ 発信数/);
    expect(await page.locator('[data-tile=contact-rate] .wb-tile-formula').isVisible()).toBe(false);
    expect(await page.locator('.wb-grid th', { hasText: 'キャンペーン' }).count()).toBe(1);
    expect(await page.locator('.wb-grid tbody').innerText()).toContain('Wallboard e2e');
    expect(await page.locator('.time-chart figcaption').first().innerText()).toBe('規制期間の放棄率と上限');
    await until(() => page.locator('.wb-grid td.wb-state', { hasText: /通話中|後処理中|待機中|接続中/ }).count(), (n) => n >= 1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'wallboard-ja.png'), fullPage: true });

    // The second agent is signed out: after the call when one is in hand (the row says so at once), else now.
    const target = agents[1];
    const row = page.locator(`tr[data-agent="${target.id}"]`);
    await row.locator('.wb-actions button').nth(1).click();
    await row.getByRole('button', { name: '確定' }).click();
    // After the call when one was in hand: its 40 s of talk and the wrap-up first, longer on a loaded machine.
    await until(() => row.count(), (n) => n === 0, 120_000);
    // The api audits the sign-out once it is done, so the row may leave the page a moment before the audit is written.
    const signOuts = async () => (await query(floor.api.app, `select action from audit_log where entity_id = ? and action like 'agent.sign%'`, [target.id])).map((r) => r.action as string);
    const actions = await until(signOuts, (rows) => rows.length > 0, 10_000);
    expect(actions.length).toBe(1);
    expect(['agent.signed_out_by_supervisor', 'agent.sign_out_after_call_by_supervisor']).toContain(actions[0]);
    // Nobody ready any more: the page says why the campaign is not dialing, in words.
    await until(() => page.locator('.wb-why').first().innerText(), (text) => /待機中の人がいません|ログイン中のオペレーターがいません/.test(text), 60_000);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'wallboard-ja-signed-out.png'), fullPage: true });
  });

  it('names a campaign renamed while the wallboard is open by its new name, in the picker too, and fits a phone’s width', async () => {
    const page = await wallboard('en-US');
    const picked = page.locator(`.wb-picker option[value="${campaignId}"]`);
    expect(await picked.innerText()).toBe('Wallboard e2e');
    await query(floor.api.app, `update campaigns set name = 'Wallboard e2e (renamed)' where id = ?`, [campaignId]);
    try {
      await until(() => picked.innerText(), (name) => name === 'Wallboard e2e (renamed)');
    } finally {
      await query(floor.api.app, `update campaigns set name = 'Wallboard e2e' where id = ?`, [campaignId]);
    }
    // On a phone's width the page does not scroll sideways: the charts stack, the grid scrolls in its own box.
    await page.setViewportSize({ width: 375, height: 800 });
    await until(
      () => page.evaluate('document.documentElement.scrollWidth - window.innerWidth') as Promise<number>,
      (overflow) => overflow <= 0,
      5_000,
    );
  });

  it('leads the old dashboard’s address to the wallboard', async () => {
    const response = await fetch(`${floor.api.url}/dashboard/?campaign=${campaignId}`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe(`/console/wallboard?campaign=${campaignId}`);
  });
});
