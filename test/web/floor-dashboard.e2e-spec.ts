import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { query, seedLeads } from '@dialer/testing';
import { TEST_PASSWORD } from '../support/apps';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { SimulatedAgent } from '../support/simulated-agent';
import { zonesByWindow } from '../support/zones';

const ARTIFACTS = path.resolve(__dirname, '../../artifacts/screenshots');
const text = (page: Page, id: string) => page.locator(`#${id}`).innerText();
/** Waits until the element shows exactly this text (the page refreshes every 2 s). */
const showing = (page: Page, selector: string, value: string | RegExp, timeout = 10_000) =>
  page.locator(selector, { hasText: typeof value === 'string' ? new RegExp(`^${value}$`) : value }).first().waitFor({ timeout });

/** The supervisor's floor dashboard in a real browser (Debian's Chromium, headless). */
describe('the floor dashboard (browser e2e)', () => {
  let floor: Floor;
  let browser: Browser;
  let agent: SimulatedAgent;
  let campaignId: string;

  beforeAll(async () => {
    floor = await startFloor({ scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 }, agents: { talkTimeSec: 30 } } });
    const [listId] = (await query(floor.api.app, `insert into lead_lists (name, default_country) values ('dashboard', 'US') returning id`)).map((r) => r.id as string);
    const zone = zonesByWindow().open[0];
    await seedLeads(floor.api.app, listId, Array.from({ length: 20 }, (_, i) => ({ phone: `+1415555${2000 + i}`, zones: [zone], firstName: `Lead${i}` })));
    campaignId = await launchCampaign(floor, { name: 'Dashboard e2e', dialingMode: 'progressive' }, [listId]);
    agent = await SimulatedAgent.start(floor, campaignId);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    agent?.stop();
    await floor?.close();
  });

  it('signs a manager in and shows the campaign live, then pauses dialing from the page', async () => {
    const page = await browser.newPage();
    await page.goto(`${floor.api.url}/dashboard/?campaign=${campaignId}`);
    await page.fill('input[name=email]', floor.manager.email);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('#login button[type=submit]');

    await showing(page, '#status', 'active');
    expect(await page.locator('#login').isHidden()).toBe(true);
    expect(await page.locator('#campaign option:checked').innerText()).toBe('Dashboard e2e (progressive)');
    // The agent takes a call: it shows on the floor within a few refreshes.
    await showing(page, '#agents td.state', 'on call', 20_000);
    await showing(page, '#connects', /^[1-9]\d*$/);
    expect(Number(await text(page, 'dials'))).toBeGreaterThanOrEqual(1);
    expect(await text(page, 'abandon-rate')).toBe('0.00 %');
    expect(await text(page, 'agents')).toContain('Test agent');
    await page.screenshot({ path: path.join(ARTIFACTS, 'floor-dashboard.png'), fullPage: true });

    await page.click('#toggle');
    await showing(page, '#status', 'paused');
    const [campaign] = await query(floor.api.app, `select status from campaigns where id = ?`, [campaignId]);
    expect(campaign.status).toBe('paused');
    expect(await text(page, 'toggle')).toBe('Resume dialing');
  });

  it('refuses a wrong password on the page without showing the floor', async () => {
    const page = await browser.newPage();
    await page.goto(`${floor.api.url}/dashboard/`);
    await page.fill('input[name=email]', floor.manager.email);
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('#login button[type=submit]');
    await showing(page, '#login-error', /\S/);
    expect(await page.locator('#floor').isHidden()).toBe(true);
  });
});
