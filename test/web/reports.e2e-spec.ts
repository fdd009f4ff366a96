import path from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { query, seedLeads } from '@dialer/testing';
import { ensureWebBuild } from '../../scripts/web/web-build';
import { signInAs, TEST_PASSWORD } from '../support/apps';
import { launchChromium, SCREENSHOTS } from '../support/browser';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { SimulatedAgent } from '../support/simulated-agent';
import { zonesByWindow } from '../support/zones';

/**
 * The reports page (/compliance/reports) in Debian's Chromium: a campaign
 * makes real calls (api, worker, emulator, a simulated agent), then a
 * compliance officer reads its KPIs and abandon window, in English and Japanese.
 */
describe('the reports page in the browser (e2e)', () => {
  let floor: Floor;
  let browser: Browser;
  let campaignId: string;
  let agent: SimulatedAgent | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ensureWebBuild((line) => process.stdout.write(`${line}\n`));
    floor = await startFloor({ scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 }, agents: { talkTimeSec: 20 } } });
    const [listId] = (await query(floor.api.app, `insert into lead_lists (name, default_country) values ('reports', 'US') returning id`)).map((r) => r.id as string);
    const zone = zonesByWindow().open[0];
    await seedLeads(floor.api.app, listId, Array.from({ length: 8 }, (_, i) => ({ phone: `+1415555${4000 + i}`, zones: [zone], firstName: `Lead${i}` })));
    campaignId = await launchCampaign(floor, { name: 'Reports e2e', dialingMode: 'progressive' }, [listId]);
    agent = await SimulatedAgent.start(floor, campaignId);
    // A few calls made, talked and recorded with an outcome.
    const deadline = Date.now() + 90_000;
    while (agent.dispositions.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(agent.dispositions.length).toBeGreaterThanOrEqual(3);
    // The shift ends (the call in hand talked to its end and recorded): the figures hold still while the page is read.
    await agent.leave();
    const settled = Date.now() + 30_000;
    const live = async () =>
      (await query(floor.api.app, `select count(*)::int as n from call_attempts where campaign_id = ? and (ended_at is null or state in ('queued', 'initiated', 'ringing', 'in_progress'))`, [campaignId]))[0].n as number;
    while ((await live()) > 0 && Date.now() < settled) await new Promise((resolve) => setTimeout(resolve, 250));
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    agent?.stop();
    await floor?.close();
  });

  async function reportsPage(locale: 'en-US' | 'ja-JP'): Promise<Page> {
    const officer = await signInAs(floor.api, 'compliance');
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${floor.api.url}/compliance/reports`);
    await page.waitForURL(/\/login/);
    await page.fill('input[name=email]', officer.email);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(/\/compliance\//);
    await page.goto(`${floor.api.url}/compliance/reports`);
    return page;
  }

  it('shows the KPIs of a campaign that made calls, by day and by agent, and its abandon window, in English', async () => {
    const page = await reportsPage('en-US');
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    await page.getByText('Choose a campaign to see its reports.').waitFor();
    await page.getByLabel('Campaign').selectOption(campaignId);

    const [counts] = await query(
      floor.api.app,
      `select count(*) filter (where provider_call_sid is not null or state <> 'canceled')::int as dials, count(*) filter (where connected_at is not null)::int as connects
         from call_attempts where campaign_id = ?`,
      [campaignId],
    );
    const total = page.locator('.rp-kpis tfoot tr');
    await total.waitFor();
    const cells = await total.locator('td').allInnerTexts();
    expect(Number(cells[0])).toBe(counts.dials); // Dials
    expect(Number(cells[1])).toBeGreaterThanOrEqual(Number(counts.connects)); // Live answers: every person put through, and any abandoned
    expect(cells[2]).toMatch(/%$/); // Answer rate
    expect(await page.locator('#rp-kpis .time-chart canvas').count()).toBe(1);
    expect(await page.locator('.rp-abandons tbody tr').count()).toBe(7);
    expect(await page.locator('#rp-abandons .hint').first().innerText()).toMatch(/720 hours .* cap of 3\.00%/);
    // Not a survey nor a collections campaign: those reports say so rather than show a blank.
    await page.getByText('No survey answers in this range.').waitFor();
    await page.getByText('No promise to pay in this range.').waitFor();
    // The list's penetration: every lead called so far was called on its first pass.
    await page.locator('#rp-penetration select[name=list]').selectOption({ label: 'reports' });
    const firstPass = page.locator('.rp-penetration tbody tr').first();
    await firstPass.waitFor();
    const [called] = await query(floor.api.app, `select count(distinct lead_id)::int as n from call_attempts where campaign_id = ?`, [campaignId]);
    expect(Number(await firstPass.locator('td').first().innerText())).toBe(called.n);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'reports-en.png'), fullPage: true });

    await page.getByLabel('Group by').selectOption('agent');
    await page.locator('.rp-kpis th', { hasText: 'Agent' }).first().waitFor();
    // The heading changes before the rows of the new grouping arrive: wait for them.
    await page.locator('.rp-kpis tbody th', { hasText: 'Test agent' }).first().waitFor();
    expect(await page.locator('.rp-kpis tbody th').allInnerTexts()).toEqual(['Test agent']);
  });

  it('reads the same report in Japanese', async () => {
    const page = await reportsPage('ja-JP');
    await page.getByRole('heading', { name: 'レポート' }).waitFor();
    await page.getByLabel('キャンペーン').selectOption(campaignId);
    await page.locator('.rp-kpis tfoot tr').waitFor();
    const headings = await page.locator('.rp-kpis thead th').allInnerTexts();
    expect(headings).toEqual(expect.arrayContaining(['接続率', 'コンタクト率', '成約率', '放棄率', '平均応答速度', '占有率']));
    expect(await page.locator('.rp-kpis tfoot th').innerText()).toBe('合計');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'reports-ja.png'), fullPage: true });
  });

  it('keeps the page when a year a date cannot hold is typed into the range', async () => {
    const page = await reportsPage('en-US');
    await page.getByLabel('Campaign').selectOption(campaignId);
    await page.locator('.rp-kpis tfoot tr').waitFor();
    const before = await page.locator('input[name=to]').inputValue();
    // Chromium takes up to six digits in a date input's year: 99999-… once made the page throw and go blank.
    await page.focus('input[name=to]');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.type('99999');
    // The page is still there: 9999 (typed on the way) is a real year, whose range the api refuses in words.
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    await page.getByText(/at most 400 days/).first().waitFor();
    expect(await page.locator('input[name=to]').inputValue()).not.toBe(before);
    expect(await page.locator('input[name=to]').inputValue()).toMatch(/^\d{4}-/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'reports-huge-year.png'), fullPage: true });
  });

  it('names the field when the range is refused', async () => {
    const response = await fetch(`${floor.api.url}/reports/campaigns/${campaignId}/kpis?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z&groupBy=day`, {
      headers: { authorization: `Bearer ${floor.manager.token}` },
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('to');
  });
});
