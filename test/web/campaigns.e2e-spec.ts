import path from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { query, seedLeads } from '@dialer/testing';
import { ensureWebBuild } from '../../scripts/web/web-build';
import { TEST_PASSWORD } from '../support/apps';
import { launchChromium, SCREENSHOTS } from '../support/browser';
import { Floor, startFloor } from '../support/floor';
import { pollUntil as poll } from '../support/poll';
import { SimulatedAgent } from '../support/simulated-agent';
import { zonesByWindow } from '../support/zones';

/**
 * The campaigns pages (apps/web, features/campaigns) in Debian's Chromium
 * against the real api, worker and Twilio emulator: a manager builds a
 * campaign through the form, fixes what the readiness check points at,
 * attaches a list and starts it, and an agent's calls follow.
 */
describe('the campaigns pages in the browser (e2e)', () => {
  let floor: Floor;
  let browser: Browser;
  let agent: SimulatedAgent | undefined;
  let listId: string;
  let campaignId: string;
  const contexts: BrowserContext[] = [];

  async function managerPage(locale: 'en-US' | 'ja-JP'): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${floor.api.url}/console/campaigns`);
    await page.waitForURL(/\/login$/);
    await page.fill('input[name=email]', floor.manager.email);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(/\/console\//);
    // Sign-in lands on the role's first section (the wallboard): the menu leads on.
    await page.locator('nav a', { hasText: locale === 'ja-JP' ? 'キャンペーン' : 'Campaigns' }).click();
    return page;
  }
  /** A campaign made through the api, as another manager would have. */
  async function createCampaign(campaign: Record<string, unknown>): Promise<{ id: string }> {
    const { body } = await floor.api.http().post('/campaigns').set({ Authorization: `Bearer ${floor.manager.token}` }).send(campaign).expect(201);
    return body as { id: string };
  }
  /** A manager's page (in English) on a campaign's tab, once `ready` is there. */
  async function openTab(name: string, tab: 'script' | 'survey', ready: string): Promise<Page> {
    const page = await managerPage('en-US');
    await page.getByRole('link', { name }).click();
    await page.locator(`.cmp-tabs a[data-tab=${tab}]`).click();
    await page.locator(ready).waitFor();
    return page;
  }
  /** The notes beside a settings field: readiness problems, refusals, warnings. */
  const beside = (page: Page, field: string) => page.locator(`[data-field="${field}"]`);

  beforeAll(async () => {
    ensureWebBuild((line) => process.stdout.write(`${line}\n`));
    floor = await startFloor({ scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 }, agents: { talkTimeSec: 20 } } });
    [{ id: listId }] = (await query(floor.api.app, `insert into lead_lists (name, default_country) values ('Spring leads', 'US') returning id`)) as { id: string }[];
    const zone = zonesByWindow().open[0];
    await seedLeads(floor.api.app, listId, Array.from({ length: 20 }, (_, i) => ({ phone: `+1415555${4000 + i}`, zones: [zone], firstName: `Lead${i}` })));
    browser = await launchChromium();
  });

  // The page as the test left it, for the artifacts (a failure's last state).
  afterEach(async () => {
    for (const [i, context] of contexts.entries()) {
      for (const open of context.pages()) await open.screenshot({ path: path.join(SCREENSHOTS, `campaigns-last-${i}.png`) }).catch(() => undefined);
    }
  });

  afterAll(async () => {
    agent?.stop();
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await floor?.close();
  });

  it('creates a campaign through the form, fixes the readiness problem beside its field, previews the script, attaches a list and starts it: calls are placed (English)', async () => {
    const page = await managerPage('en-US');
    await page.getByRole('heading', { name: 'Campaigns' }).waitFor();
    await page.getByRole('link', { name: 'New campaign' }).click();

    // The form, every section on it, filled as a US progressive campaign without a caller id.
    await page.getByLabel('Name', { exact: true }).fill('Spring offer');
    await page.locator('select[name=jurisdiction]').selectOption('US');
    await page.locator('select[name=dialingMode]').selectOption('progressive');
    for (const legend of ['Kind and dialing mode', 'Calling hours and holidays', 'Attempt limits and retry rules', 'Caller IDs and local presence', 'Answering machine detection (AMD)', 'Abandoned calls and the abandon message', 'Recording', 'Wrap-up', 'Preview countdown', 'Calls per second (CPS)']) {
      expect(await page.locator('legend', { hasText: legend }).count()).toBe(1);
    }
    await page.getByLabel('Caller name said in the message').fill('Example Energy');
    await page.getByLabel('Number to call back').fill('+18005550199');
    await page.getByLabel('How to stop our calls').fill('To stop our calls, call us and say stop');
    await page.getByLabel('Wrap-up time (seconds)').fill('5');
    await page.getByLabel('Agent is ready again when wrap-up ends').check();
    await page.getByLabel('Longest wrap-up with extensions (seconds)').fill('120');
    await page.getByLabel('Pause reasons agents may choose (one code per line)').fill('break\nlunch\ncoaching');
    await page.getByLabel('Calls per second').fill('20');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'campaigns-new-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Create campaign' }).click();

    // Its page: the readiness check names the missing caller id beside that field, and the missing list.
    await page.waitForURL(/\/console\/campaigns\/[0-9a-f-]{36}$/);
    campaignId = page.url().split('/').pop()!;
    await page.getByRole('heading', { name: 'Spring offer' }).waitFor();
    expect(await page.locator('[data-status]').first().innerText()).toBe('Draft');
    const callerIds = beside(page, 'settings.callerIds.numbers');
    await callerIds.locator('[data-readiness=NO_CALLER_ID]').waitFor();
    expect(await callerIds.locator('[data-readiness=NO_CALLER_ID]').innerText()).toBe('Add at least one caller id');
    expect(await page.locator('.cmp-readiness').innerText()).toContain('Attach at least one lead list');
    await callerIds.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'campaigns-readiness-en.png') });

    // A number that is not E.164: the api's refusal shows beside the field, nothing is saved.
    await callerIds.locator('textarea').fill('12345');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await callerIds.locator('[data-refused]').waitFor();
    expect(await callerIds.locator('[data-refused]').innerText()).toContain('E.164');

    // Fixed: saved, and the readiness problem is gone from beside the field.
    await callerIds.locator('textarea').fill('+14155550100\n+12125550100');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await callerIds.locator('[data-readiness=NO_CALLER_ID]').waitFor({ state: 'detached' });
    const [stored] = await query(floor.api.app, `select settings from campaigns where id = ?`, [campaignId]);
    expect(stored.settings).toMatchObject({ callerIds: { numbers: ['+14155550100', '+12125550100'] }, wrapUp: { seconds: 5, autoReady: true, maxSeconds: 120 }, pauseReasons: ['break', 'lunch', 'coaching'], cps: 20 });

    // Pause reasons emptied: the defaults again, as the field's hint says (a PATCH leaving the key out would keep them).
    await page.getByLabel('Pause reasons agents may choose (one code per line)').fill('');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const [cleared] = await query(floor.api.app, `select settings from campaigns where id = ?`, [campaignId]);
    expect(cleared.settings).not.toHaveProperty('pauseReasons');
    expect(cleared.settings).toMatchObject({ callerIds: { numbers: ['+14155550100', '+12125550100'] }, cps: 20 });

    // Starting now is refused: the api's reason is on the page.
    await page.locator('button[data-action=start]').click();
    await page.getByRole('alert').filter({ hasText: 'The campaign cannot start yet' }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'The campaign cannot start yet' }).innerText()).toContain('Attach at least one lead list');

    // The script with its live preview for a sample lead, rendered by the api.
    await page.locator('.cmp-tabs a[data-tab=script]').click();
    await page.locator('textarea[name=script]').fill('Hello {{firstName}} {{lastName}}, this is {{agent.name}} about your {{custom.plan}} plan.');
    await page.locator('input[name=sample-firstName]').fill('Aiko');
    await page.locator('[data-testid=script-rendered]', { hasText: 'Hello Aiko Yamada, this is Sato about your Gold plan.' }).waitFor();
    await page.locator('textarea[name=script]').fill('Hello {{#vip}}friend');
    await page.locator('[data-testid=script-problem]').waitFor();
    await page.locator('textarea[name=script]').fill('Hello {{firstName}}, this is {{agent.name}}.');
    await page.locator('[data-testid=script-rendered]', { hasText: 'Hello Aiko, this is Sato.' }).waitFor();
    await page.getByRole('button', { name: 'Save script' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'campaigns-script-en.png') });

    // The list, with its priority and weight.
    await page.locator('.cmp-tabs a[data-tab=lists]').click();
    expect(await page.locator('[data-readiness=NO_LISTS]').innerText()).toBe('Attach at least one lead list');
    await page.locator('select[name=listId]').selectOption(listId);
    await page.locator('input[name=priority]').fill('1');
    await page.locator('input[name=weight]').fill('3');
    await page.getByRole('button', { name: 'Attach', exact: true }).click();
    await page.locator(`tr[data-list="${listId}"]`).waitFor();
    expect(await page.getByLabel('Priority of Spring leads').inputValue()).toBe('1');
    expect(await page.getByLabel('Weight of Spring leads').inputValue()).toBe('3');
    await page.locator('[data-readiness=NO_LISTS]').waitFor({ state: 'detached' });

    // Start: active, and with an agent on the floor the dialer places calls.
    await page.locator('button[data-action=start]').click();
    await page.locator('[data-status=active]').first().waitFor();
    expect(await page.locator('[data-status]').first().innerText()).toBe('Active');
    agent = await SimulatedAgent.start(floor, campaignId);
    await poll(async () => Number((await query(floor.api.app, `select count(*)::int as n from call_attempts where campaign_id = ?`, [campaignId]))[0].n), (n) => n > 0, { timeoutMs: 30_000 });

    // The table: its status and the figures as calls are placed.
    await page.getByRole('link', { name: '← All campaigns' }).click();
    const row = page.locator(`tr[data-campaign="${campaignId}"]`);
    await row.locator('[data-status=active]').waitFor();
    await row.locator('[data-figure=dials]', { hasText: /^[1-9]\d*$/ }).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'campaigns-table-en.png') });
  });

  it('shows the same pages in Japanese: settings sections, dispositions, the survey builder, and pause and resume', async () => {
    const page = await managerPage('ja-JP');
    await page.getByRole('heading', { name: 'キャンペーン' }).waitFor();
    const row = page.locator(`tr[data-campaign="${campaignId}"]`);
    expect(await row.locator('[data-status]').innerText()).toBe('稼働中');
    await page.getByRole('link', { name: 'Spring offer' }).click();
    for (const legend of ['種類と発信モード', '架電時間帯と休日', '発信者番号とローカルプレゼンス', '放棄呼と放棄時メッセージ', '氏名等の明示（特定商取引法第16条）']) {
      await page.locator('legend', { hasText: legend }).waitFor();
    }
    expect(await page.getByLabel('発信者番号（1行に1つ、E.164形式）').inputValue()).toBe('+14155550100\n+12125550100');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'campaigns-settings-ja.png'), fullPage: true });

    // Dispositions in the glossary's words; a flag changed on the page is stored.
    await page.locator('.cmp-tabs a[data-tab=dispositions]').click();
    expect(await page.locator('.cmp-tabs a[data-tab=dispositions]').innerText()).toBe('通話結果');
    const [first] = await query(floor.api.app, `select code from disposition_codes where campaign_id = ? and not is_callback order by position limit 1`, [campaignId]);
    await page.getByLabel(`${first.code as string}：再架電予約`).check();
    await poll(async () => (await query(floor.api.app, `select is_callback from disposition_codes where campaign_id = ? and code = ?`, [campaignId, first.code]))[0].is_callback, (v) => v === true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'campaigns-dispositions-ja.png') });

    // The survey builder: a question with its allowed answers, and the opt-out key.
    await page.locator('.cmp-tabs a[data-tab=survey]').click();
    await page.getByText('質問はまだありません。').waitFor();
    await page.getByRole('button', { name: '質問を追加' }).click();
    await page.locator('textarea[name=q0-prompt]').fill('今後もご案内を希望されますか？');
    await page.locator('input[name=q0-answers]').fill('はい, いいえ');
    await page.getByLabel('架電停止キー').fill('9');
    await page.getByRole('button', { name: 'アンケートを保存' }).click();
    await page.getByRole('status').filter({ hasText: '保存しました。' }).waitFor();
    const [withSurvey] = await query(floor.api.app, `select settings from campaigns where id = ?`, [campaignId]);
    expect((withSurvey.settings as { survey?: unknown }).survey).toEqual({ optOutDigit: '9', questions: [{ id: 'q1', prompt: '今後もご案内を希望されますか？', answers: ['はい', 'いいえ'] }] });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'campaigns-survey-ja.png') });

    // Pause and resume from the page.
    await page.getByRole('button', { name: '一時停止' }).click();
    await page.locator('[data-status=paused]').first().waitFor();
    expect(await page.locator('[data-status]').first().innerText()).toBe('一時停止中');
    await page.getByRole('button', { name: '再開' }).click();
    await page.locator('[data-status=active]').first().waitFor();
    const [campaign] = await query(floor.api.app, `select status from campaigns where id = ?`, [campaignId]);
    expect(campaign.status).toBe('active');
  });

  it('tells the second of two tabs that the campaign changed instead of undoing the first, reloads it keeping the edits, and saves a double click once', async () => {
    const { body: created } = await floor.api
      .http()
      .post('/campaigns')
      .set({ Authorization: `Bearer ${floor.manager.token}` })
      .send({ name: 'Two tabs', kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'US' })
      .expect(201);
    const stored = async () => (await query(floor.api.app, `select name, dialing_mode, settings from campaigns where id = ?`, [created.id]))[0];
    const updates = async () => (await query(floor.api.app, `select count(*)::int as n from audit_log where entity_id = ? and action = 'campaign.updated'`, [created.id]))[0].n as number;
    const open = async (locale: 'en-US' | 'ja-JP') => {
      const page = await managerPage(locale);
      await page.getByRole('link', { name: 'Two tabs' }).click();
      await page.locator('form.cmp-form input[name=name]').waitFor();
      return page;
    };
    const saveButton = (page: Page) => page.locator('.cmp-save-bar button[type=submit]');
    const [a, b] = [await open('en-US'), await open('ja-JP')];

    // A renames it and makes it preview; B, still on the old page, changes the wrap-up time.
    await a.getByLabel('Name', { exact: true }).fill('Two tabs (A)');
    await a.locator('select[name=dialingMode]').selectOption('preview');
    await saveButton(a).click();
    await a.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await b.getByLabel('後処理時間（秒）').fill('50');
    await saveButton(b).click();
    await b.getByRole('alert').filter({ hasText: '開いた後に別の人がこのキャンペーンを変更しました' }).waitFor();
    await b.screenshot({ path: path.join(SCREENSHOTS, 'campaigns-conflict-ja.png'), fullPage: true });
    expect(await stored()).toMatchObject({ name: 'Two tabs (A)', dialing_mode: 'preview', settings: {} });

    // B reloads: A's name and mode, B's wrap-up time kept on top; saved, nothing of A's undone.
    await b.getByRole('button', { name: '最新の内容を読み込む（変更は残ります）' }).click();
    await poll(() => b.getByLabel('名称', { exact: true }).inputValue(), (name) => name === 'Two tabs (A)');
    expect(await b.locator('select[name=dialingMode]').inputValue()).toBe('preview');
    expect(await b.getByLabel('後処理時間（秒）').inputValue()).toBe('50');
    await saveButton(b).click();
    await b.getByRole('status').filter({ hasText: '保存しました。' }).waitFor();
    expect(await stored()).toMatchObject({ name: 'Two tabs (A)', dialing_mode: 'preview', settings: { wrapUp: { seconds: 50 } } });

    // Now A is the stale one, told in English.
    await a.getByLabel('Name', { exact: true }).fill('Two tabs (A again)');
    await saveButton(a).click();
    await a.getByRole('alert').filter({ hasText: 'The campaign was changed by someone else since you opened it' }).waitFor();
    await a.getByRole('button', { name: 'Load the current campaign (your changes stay)' }).click();
    await poll(() => a.getByLabel('Wrap-up time (seconds)').inputValue(), (seconds) => seconds === '50');
    expect(await a.getByLabel('Name', { exact: true }).inputValue()).toBe('Two tabs (A again)');

    // Two clicks in one task, before React can re-render (a fast double click on a busy machine): one save.
    const before = await updates();
    await a.evaluate(`{ const save = document.querySelector('.cmp-save-bar button[type=submit]'); save.click(); save.click(); }`);
    await a.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await poll(updates, (n) => n > before);
    await new Promise((settle) => setTimeout(settle, 500));
    expect(await updates()).toBe(before + 1);
    expect(await a.getByRole('alert').count()).toBe(0);
    expect(await stored()).toMatchObject({ name: 'Two tabs (A again)', settings: { wrapUp: { seconds: 50 } } });
  });

  it('tells the second of two tabs editing the script that the campaign changed, and saves its script over the first tab’s only after a reload that keeps it', async () => {
    const created = await createCampaign({ name: 'Two scripts', kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'US', settings: { script: 'Hello' } });
    const stored = async () => (await query(floor.api.app, `select settings->>'script' as script from campaigns where id = ?`, [created.id]))[0];
    const openScript = () => openTab('Two scripts', 'script', 'textarea[name=script]');
    const [a, b] = [await openScript(), await openScript()];

    // A saves its script; B, opened before, edits the script and saves: refused, not written over A's.
    await a.locator('textarea[name=script]').fill('Hello from A');
    await a.getByRole('button', { name: 'Save script' }).click();
    await a.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await b.locator('textarea[name=script]').fill('Hello from B');
    await b.getByRole('button', { name: 'Save script' }).click();
    await b.getByRole('alert').filter({ hasText: 'The campaign was changed by someone else since you opened it' }).waitFor();
    await b.locator('.cmp-conflict', { hasText: 'Your changes (Script) are still on this page' }).waitFor();
    expect((await stored()).script).toBe('Hello from A');

    // B loads the current campaign: its own script stays on screen, and saving it now is B's informed choice.
    await b.getByRole('button', { name: 'Load the current campaign (your changes stay)' }).click();
    await b.locator('.cmp-conflict').waitFor({ state: 'detached' });
    expect(await b.locator('textarea[name=script]').inputValue()).toBe('Hello from B');
    await b.getByRole('button', { name: 'Save script' }).click();
    await b.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect((await stored()).script).toBe('Hello from B');
  });

  it('keeps only the survey builder’s own changes through the reload: the intro another tab saved is not undone by its outro', async () => {
    const question = { id: 'q1', prompt: 'Happy?', answers: ['yes', 'no'] };
    const created = await createCampaign({ name: 'Two surveys', kind: 'survey', dialingMode: 'progressive', jurisdiction: 'US', settings: { survey: { intro: 'INTRO-ORIG', outro: 'OUTRO-ORIG', questions: [question] } } });
    const stored = async () => ((await query(floor.api.app, `select settings from campaigns where id = ?`, [created.id]))[0].settings as { survey?: unknown }).survey;
    const openSurvey = () => openTab('Two surveys', 'survey', 'textarea[name=survey-intro]');
    const [a, b] = [await openSurvey(), await openSurvey()];

    await a.locator('textarea[name=survey-intro]').fill('INTRO-BY-A');
    await a.getByRole('button', { name: 'Save survey' }).click();
    await a.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await b.locator('textarea[name=survey-outro]').fill('OUTRO-BY-B');
    await b.getByRole('button', { name: 'Save survey' }).click();
    await b.locator('.cmp-conflict', { hasText: 'Your changes (Survey) are still on this page' }).waitFor();

    // B reloads: A's intro comes in, B's outro stays; the save keeps both.
    await b.getByRole('button', { name: 'Load the current campaign (your changes stay)' }).click();
    await b.locator('.cmp-conflict').waitFor({ state: 'detached' });
    expect(await b.locator('textarea[name=survey-intro]').inputValue()).toBe('INTRO-BY-A');
    expect(await b.locator('textarea[name=survey-outro]').inputValue()).toBe('OUTRO-BY-B');
    await b.getByRole('button', { name: 'Save survey' }).click();
    await b.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await stored()).toEqual({ intro: 'INTRO-BY-A', outro: 'OUTRO-BY-B', questions: [question] });
  });

  it('saves the script after the person’s own pause from the page header, which changed the version too, without calling it someone else’s change', async () => {
    const created = await createCampaign({ name: 'Own pause', kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'US', settings: { script: 'Hello' } });
    // Running (no list attached: nothing to dial), as if started earlier.
    await query(floor.api.app, `update campaigns set status = 'active' where id = ?`, [created.id]);
    const page = await openTab('Own pause', 'script', 'textarea[name=script]');
    await page.locator('textarea[name=script]').fill('Hello, paused');
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.locator('[data-status=paused]').first().waitFor();
    await page.getByRole('button', { name: 'Save script' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await page.locator('.cmp-conflict').count()).toBe(0);
    const [row] = await query(floor.api.app, `select status, settings->>'script' as script from campaigns where id = ?`, [created.id]);
    expect(row).toEqual({ status: 'paused', script: 'Hello, paused' });
  });
});
