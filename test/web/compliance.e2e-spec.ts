import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { query } from '@dialer/testing';
import { ensureWebBuild } from '../../scripts/web/web-build';
import { SignedIn, signInAs, TEST_PASSWORD } from '../support/apps';
import { launchChromium, SCREENSHOTS } from '../support/browser';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { SimulatedAgent } from '../support/simulated-agent';
import { zonesByWindow } from '../support/zones';

type Row = Record<string, string>;

/**
 * The compliance pages (apps/web) in Debian's Chromium against the real api,
 * worker and Twilio emulator: a compliance officer exports a campaign's calls
 * and checks the file, keeps the do-not-call list and the consent ledger,
 * sees each of those acts in the audit trail, and answers a person's request
 * about their data — in English and in Japanese.
 */
describe('the compliance pages in the browser (e2e)', () => {
  let floor: Floor;
  let browser: Browser;
  let officer: SignedIn;
  let agent: SimulatedAgent;
  let campaignId: string;
  let exportDir: string;
  const phones = ['+14155554100', '+14155554101', '+14155554102'];
  const contexts: BrowserContext[] = [];

  /** The officer signed in through the page, in a tab with this language, at 1280×800. */
  async function officerPage(locale: 'en-US' | 'ja-JP'): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${floor.api.url}/login`);
    await page.fill('input[name=email]', officer.email);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(/\/compliance\/exports$/);
    return page;
  }

  /** Runs `click`, waits for the file the page hands the browser, and reads it. */
  async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
    const [download] = await Promise.all([page.waitForEvent('download'), click()]);
    const file = await download.path();
    return { name: download.suggestedFilename(), bytes: readFileSync(file) };
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `compliance-${name}.png`), fullPage: true });
  const nav = (page: Page, name: string | RegExp) => page.getByRole('navigation', { name: /Sections|セクション|メニュー/ }).getByRole('link', { name }).click();

  beforeAll(async () => {
    ensureWebBuild((line) => process.stdout.write(`${line}\n`));
    exportDir = await mkdtemp(path.join(tmpdir(), 'e2e-web-exports-'));
    floor = await startFloor({
      env: { EXPORT_DIR: exportDir },
      scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 }, timing: { humanAnswerSec: { min: 2, max: 3 } }, agents: { talkTimeSec: 20 } },
    });
    officer = await signInAs(floor.api, 'compliance');
    const [{ id: listId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('compliance web e2e', 'US') returning id`);
    const zone = zonesByWindow().open[0];
    for (const [i, phone] of phones.entries()) {
      await query(
        floor.api.app,
        `insert into leads (list_id, phone, phone_type, timezone, timezone_candidates, timezone_source, first_name, last_name) values (?, ?, 'landline', ?, ?::text[], 'explicit', ?, ?)`,
        [listId, phone, zone, `{${zone}}`, i === 0 ? '太郎' : `Lead${i}`, i === 0 ? '山田' : 'Smith'],
      );
    }
    campaignId = await launchCampaign(floor, { name: 'Compliance web e2e', dialingMode: 'progressive', settings: { attemptLimits: { lifetime: 1, perDay: 1 } } }, [listId as string]);
    agent = await SimulatedAgent.start(floor, campaignId, { disposition: () => ({ code: 'SALE', data: { amount: 12_000, currency: 'USD' } }) });
    // Every lead called once and every call settled with its outcome: the export has its rows.
    await pollUntil(
      async () =>
        (
          await query(
            floor.api.app,
            `select (select count(*) from leads where list_id = ? and status in ('new', 'dialing'))::int as open,
                    (select count(*) from call_attempts where campaign_id = ? and (settled_at is null or (connected_at is not null and disposition_code is null)))::int as unsettled`,
            [listId, campaignId],
          )
        )[0],
      (counts) => counts.open === 0 && counts.unsettled === 0,
      { timeoutMs: 120_000, everyMs: 1_000 },
    );
    agent.stop();
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    agent?.stop();
    await floor?.close();
    if (exportDir) await rm(exportDir, { recursive: true, force: true });
  });

  it('exports a campaign’s attempts and downloads the file, keeps the DNC list and the consent ledger, and sees each act in the audit trail (English)', async () => {
    const page = await officerPage('en-US');
    await page.getByRole('heading', { name: 'Exports', level: 1 }).waitFor();

    // 1. Export: the campaign's attempts, CSV in UTF-8; the bar reaches 100 %, the file has one row per attempt.
    await page.getByRole('checkbox', { name: 'Compliance web e2e' }).check();
    await page.getByRole('button', { name: 'Start export' }).click();
    const progress = page.locator('[data-testid=export-progress][data-state=completed]');
    await progress.waitFor({ timeout: 30_000 });
    expect(await progress.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(await progress.innerText()).toContain('Done: 3 rows');
    await shot(page, 'exports-en');
    const file = await downloaded(page, () => progress.getByRole('button', { name: 'Download the file' }).click());
    expect(file.name).toMatch(/\.csv$/);
    expect(file.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = Papa.parse<Row>(file.bytes.toString('utf8').slice(1), { header: true, skipEmptyLines: true }).data;
    const attempts = await query(floor.api.app, `select id, phone, disposition_code from call_attempts where campaign_id = ? order by created_at, id`, [campaignId]);
    expect(attempts).toHaveLength(3);
    expect(rows.map((r) => r.attempt_id)).toEqual(attempts.map((a) => a.id));
    expect(rows.map((r) => r.called_number.replace(/^'/, '')).sort()).toEqual([...phones].sort());
    expect(rows.every((r) => r.disposition_code === 'SALE')).toBe(true);
    const history = page.getByTestId('export-history');
    await history.getByRole('cell', { name: 'Completed' }).first().waitFor();
    expect(await history.locator('tbody tr').count()).toBe(1);

    // 2. Do-not-call: add a number with its reason, find it, take it off with a reason.
    await nav(page, 'Do-not-call');
    await page.getByRole('heading', { name: 'Do-not-call', level: 1 }).waitFor();
    const add = page.getByTestId('dnc-add');
    await add.getByLabel('Number').fill('+1 415 555 9900');
    await add.getByLabel('Reason').fill('asked by letter of 2026-11-30');
    await add.getByRole('button', { name: 'Add to the list' }).click();
    await page.getByRole('status').filter({ hasText: '+14155559900 is on the list' }).waitFor();
    const search = page.getByTestId('dnc-search');
    await search.getByLabel('Number', { exact: true }).fill('+14155559900');
    await search.getByRole('button', { name: 'Search' }).click();
    const row = page.locator('[data-testid=dnc-entries] tr[data-phone="+14155559900"]');
    await row.waitFor();
    expect(await row.innerText()).toContain('asked by letter of 2026-11-30');
    await row.getByRole('button', { name: 'Remove…' }).click();
    // Keyboard: the reason has the focus; Enter submits.
    await page.keyboard.type('registered in error');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: '+14155559900 is off the list' }).waitFor();
    await page.getByText('No number matches.').waitFor();
    expect(await query(floor.api.app, `select count(*)::int as n from dnc_entries where phone = '+14155559900'`)).toEqual([{ n: 0 }]);
    await shot(page, 'dnc-en');

    // 3. Consents: record one with its evidence, see it in force, revoke it with what the person said.
    await nav(page, 'Consents');
    const record = page.getByTestId('consent-record');
    await record.getByLabel('Number').fill('+14155558800');
    await record.getByLabel('Consent type').selectOption('prerecorded_calls');
    await record.getByLabel('Granted at').fill('2026-11-02T10:15');
    await record.getByLabel('Where it was captured').fill('web form');
    await record.getByLabel('Evidence').fill('form 8841, checkbox ticked');
    // A double click records once. Both clicks in one task, as a busy page receives them: the second comes before React disables the button.
    await record.getByRole('button', { name: 'Record consent' }).evaluate((button) => {
      button.click();
      button.click();
    });
    const consentRow = page.locator('[data-testid=consents] tbody tr').first();
    await consentRow.waitFor();
    expect(await consentRow.innerText()).toContain('In force');
    expect(await consentRow.innerText()).toContain('form 8841, checkbox ticked');
    expect(page.url()).toContain('phone=%2B14155558800');
    await consentRow.getByRole('button', { name: 'Revoke…' }).click();
    await page.getByLabel('What the person said or wrote').fill('Stop calling me, please');
    await page.getByRole('button', { name: 'Revoke consent' }).click();
    await page.locator('[data-testid=consents] tr[data-revoked=yes]').waitFor();
    await page.locator('[data-testid=revocations]').getByText('Stop calling me, please').waitFor();
    expect(await query(floor.api.app, `select id from consents where phone = '+14155558800'`)).toHaveLength(1);
    await shot(page, 'consents-en');
    await page.getByRole('link', { name: 'Revocation report' }).click();
    const reported = page.locator('[data-testid=revocation-report] tr', { hasText: '+14155558800' });
    await reported.waitFor();
    expect(await reported.getAttribute('data-over-deadline')).toBe('no');
    expect(await reported.locator('td.num').innerText()).toBe('0');

    // 4. The audit trail lists each of those acts, and the chain is intact.
    await nav(page, 'Audit trail');
    await page.locator('[data-testid=audit-chain][data-ok=true]').waitFor();
    expect(await page.getByTestId('audit-chain').innerText()).toContain('The hash chain is intact');
    const entries = page.getByTestId('audit-entries');
    await entries.waitFor();
    const actions = await entries.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')));
    for (const action of ['export.requested', 'export.downloaded', 'dnc.added', 'dnc.removed', 'consent.recorded', 'consent.revoked']) expect(actions).toContain(action);
    expect(await entries.locator('tr[data-action="dnc.removed"]').innerText()).toContain('registered in error');
    await shot(page, 'audit-en');
    // Filtered by an action prefix, only those remain.
    await page.locator('input[name=action]').fill('dnc.');
    await page.getByRole('button', { name: 'Apply' }).click();
    await pollUntil(
      () => entries.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action'))),
      (shown) => shown.length > 0 && shown.every((action) => action?.startsWith('dnc.')),
      { timeoutMs: 10_000 },
    );
    const csv = await downloaded(page, () => page.getByRole('button', { name: 'Export CSV' }).click());
    const auditRows = Papa.parse<Row>(csv.bytes.toString('utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    // The filtered trail: the number added and removed by hand (and any entry the consent's revocation added).
    expect(auditRows.every((r) => r.action.startsWith('dnc.'))).toBe(true);
    expect(auditRows.map((r) => r.action)).toEqual(expect.arrayContaining(['dnc.added', 'dnc.removed']));
  });

  it('shows everything held about a number, exports it, and erases it keeping what the law needs (English)', async () => {
    const page = await officerPage('en-US');
    await nav(page, 'A person’s data');
    await page.getByText('Enter a phone number to see everything held about it').waitFor();
    const lookup = page.getByTestId('subject-lookup');
    await lookup.getByLabel('Number').fill('(415) 555-4100');
    await lookup.getByLabel('Country').fill('US');
    await lookup.getByRole('button', { name: 'Look up' }).click();
    await page.getByRole('heading', { name: 'Held about +14155554100' }).waitFor();
    expect(await page.locator('[data-section=leads]').getAttribute('data-count')).toBe('1');
    expect(await page.locator('[data-section=attempts]').getAttribute('data-count')).toBe('1');
    expect(await page.locator('[data-section=leads]').innerText()).toContain('山田');
    expect(await page.locator('[data-section=attempts]').innerText()).toContain('SALE');
    await shot(page, 'subject-en');

    const file = await downloaded(page, () => page.getByTestId('subject-export').click());
    const disclosed = JSON.parse(file.bytes.toString('utf8')) as { phone: string; leads: { first_name: string }[]; attempts: unknown[] };
    expect(disclosed.phone).toBe('+14155554100');
    expect(disclosed.leads[0].first_name).toBe('太郎');
    expect(disclosed.attempts).toHaveLength(1);

    const erase = page.getByTestId('subject-erase');
    expect(await erase.innerText()).toContain('Do-not-call entries: without them the number could be called again');
    await erase.getByRole('button', { name: 'Erase personal data' }).click();
    // Asked twice: Esc cancels, then confirm.
    await page.keyboard.press('Escape');
    await erase.getByRole('button', { name: 'Erase personal data' }).click();
    await erase.getByRole('button', { name: 'Confirm' }).click();
    await erase.getByText('Erased. Leads: 1;').waitFor();
    await pollUntil(
      () => page.locator('[data-section=leads]').innerText(),
      (text) => !text.includes('山田'),
      { timeoutMs: 10_000 },
    );
    // The attempt's record stays (the law's record-keeping); the name is gone from the database.
    expect(await page.locator('[data-section=attempts]').getAttribute('data-count')).toBe('1');
    const [lead] = await query(floor.api.app, `select first_name, last_name from leads where phone = '+14155554100'`);
    expect(lead).toEqual({ first_name: null, last_name: null });
  });

  it('shows the compliance pages in Japanese, with an api refusal beside its field', async () => {
    const page = await officerPage('ja-JP');
    await page.getByRole('heading', { name: 'エクスポート', level: 1 }).waitFor();
    expect(await page.getByTestId('export-history').innerText()).toContain('完了');
    await shot(page, 'exports-ja');

    await nav(page, '架電禁止リスト');
    await page.getByRole('heading', { name: '架電禁止リスト', level: 1 }).waitFor();
    const add = page.getByTestId('dnc-add');
    await add.getByLabel('電話番号').fill('12');
    await add.getByRole('button', { name: 'リストに登録' }).click();
    // The api's refusal, with the field it names beside that field.
    await add.getByRole('alert').waitFor();
    // In Japanese, as the page is (the api writes its messages in English; the code has a sentence of its own).
    expect(await add.getByRole('alert').locator('p').first().innerText()).toMatch(/^[^A-Za-z]*[ぁ-んァ-ヶ一-龠][^A-Za-z]*$/);
    expect(await add.locator('label', { hasText: '電話番号' }).locator('.field-error').count()).toBeGreaterThan(0);
    // For keyboard and screen-reader users: the field is invalid, described by its message, and has the focus.
    const phone = add.locator('input[name=phone]');
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await phone.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy}"]`).innerText()).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    expect(await phone.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    // A revocation's reason in Japanese (the English test before revoked one from this page).
    expect(await page.getByTestId('dnc-entries').innerText()).toContain('同意撤回（コンプライアンス担当）: Stop calling me, please');
    await shot(page, 'dnc-ja');

    await nav(page, '同意');
    await page.getByRole('link', { name: '同意撤回レポート' }).click();
    await page.locator('[data-testid=revocation-report]').waitFor();
    expect(await page.getByTestId('revocation-figures').innerText()).toContain('10 営業日超過');
    await shot(page, 'consents-ja');

    await nav(page, '監査ログ');
    await page.getByRole('heading', { name: '監査ログ', level: 1 }).waitFor();
    await page.locator('[data-testid=audit-chain][data-ok=true]').waitFor();
    expect(await page.getByTestId('audit-chain').innerText()).toContain('ハッシュチェーンは正常です');
    expect(await page.getByTestId('audit-entries').innerText()).toContain('架電禁止リストから解除');
    await shot(page, 'audit-ja');

    await nav(page, '個人データ');
    await page.getByTestId('subject-lookup').getByLabel('電話番号').fill('+14155554101');
    await page.getByTestId('subject-lookup').getByRole('button', { name: '照会' }).click();
    await page.getByRole('heading', { name: '+14155554101 について保有するデータ' }).waitFor();
    expect(await page.getByTestId('subject-erase').innerText()).toContain('法令上保管が必要なため残るもの');
    await shot(page, 'subject-ja');
  });
});
