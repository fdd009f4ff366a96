import { encode } from 'iconv-lite';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { query, seedAttempt, seedCampaign, seedLeads } from '@dialer/testing';
import { ensureWebBuild } from '../../scripts/web/web-build';
import { SignedIn, signInAs, TEST_PASSWORD } from '../support/apps';
import { launchChromium, SCREENSHOTS } from '../support/browser';
import { StackWithUploads, startStackWithUploads } from '../support/stack-with-uploads';

/**
 * The manager's lists pages (apps/web) in Debian's Chromium against the real
 * api and worker: a list created, a Shift_JIS file uploaded through the
 * wizard with one column remapped, its import followed to 100 %, its
 * rejection report downloaded and read, the import undone; a lead found and opened.
 */
describe('the lists pages in the browser (e2e)', () => {
  let stack: StackWithUploads;
  let browser: Browser;
  let manager: SignedIn;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ensureWebBuild((line) => process.stdout.write(`${line}\n`));
    stack = await startStackWithUploads('e2e-lists-web-');
    manager = await signInAs(stack.api, 'manager');
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
  });

  /** A browser tab in this language at 1280×800, the manager signed in through the login page. */
  async function signedIn(locale: 'ja-JP' | 'en-US'): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${stack.api.url}/console/lists`);
    await page.waitForURL(/\/login$/);
    await page.fill('input[name=email]', manager.email);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
    await page.goto(`${stack.api.url}/console/lists`);
    return page;
  }

  /** Runs a step; on failure keeps a screenshot and the page's text in the error. */
  async function step<T>(page: Page, name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      await page.screenshot({ path: path.join(SCREENSHOTS, `lists-failed-${name}.png`), fullPage: true }).catch(() => undefined);
      throw new Error(`${name}: ${(error as Error).message}\npage: ${await page.locator('body').innerText().catch(() => '?')}`);
    }
  }

  const FILE = encode(
    [
      '氏名,フリガナ,電話番号,お客様コード,備考',
      '山田太郎,ヤマダタロウ,03-1234-5678（内線12）,A-1001,至急',
      // A quote inside an unquoted cell: read as text, and the preview warns of it.
      '佐藤花子,サトウハナコ,06-6123-4567,A-1002,5" 封筒',
      '鈴木一郎,スズキイチロウ,1234,A-1003,番号が短い',
    ].join('\r\n'),
    'cp932',
  );

  it('uploads a Shift_JIS file with one column remapped, follows it to 100 %, downloads its rejections and undoes it (Japanese)', async () => {
    const page = await signedIn('ja-JP');
    await step(page, 'create-list', async () => {
      await page.getByRole('heading', { name: 'リスト' }).waitFor();
      await page.getByRole('button', { name: '新しいリスト' }).click();
      await page.getByLabel('リスト名').fill('東京 更新案内 12月');
      await page.getByLabel('国内形式の番号の国（ISOコード、例: JP）').fill('JP');
      await page.getByRole('button', { name: 'リストを作成' }).click();
      await page.getByRole('heading', { name: '東京 更新案内 12月' }).waitFor();
    });
    const listId = page.url().split('/').pop()!;
    expect(listId).toMatch(/^[0-9a-f-]{36}$/);

    await step(page, 'preview', async () => {
      await page.locator('.file-drop input[type=file]').setInputFiles({ name: '顧客リスト.csv', mimeType: 'text/csv', buffer: FILE });
      // Detected, not named: the page sends no encoding.
      await page.locator('[data-testid=preview-encoding][data-encoding=shift_jis]').waitFor();
    });
    expect(await page.getByTestId('preview-encoding').innerText()).toContain('Shift_JIS');
    expect(await page.getByTestId('preview-encoding').innerText()).toContain('自動判定');
    expect(await page.getByTestId('preview-delimiter').innerText()).toContain('カンマ');
    expect(await page.getByTestId('preview-header').innerText()).toContain('氏名 | フリガナ | 電話番号 | お客様コード | 備考');
    // The suggestion is preselected; the customer-code column is not a name the mapping knows, so it is kept as a custom field.
    const select = (column: string) => page.getByLabel(`列「${column}」の項目`);
    expect(await select('電話番号').inputValue()).toBe('phone');
    expect(await select('氏名').inputValue()).toBe('fullName');
    expect(await select('お客様コード').inputValue()).toBe('');
    // The rows as stored, the short number's row highlighted with its reason.
    const preview = page.getByTestId('import-preview');
    expect(await preview.locator('tr[data-row="1"] .lists-stored').innerText()).toBe('+81312345678');
    const rejected = preview.locator('tr.rejected[data-outcome=rejected]');
    expect(await rejected.count()).toBe(1);
    expect(await rejected.getAttribute('data-row')).toBe('3');
    // Its reason in Japanese, by its code; the api's English message (naming the value) in its title.
    expect(await rejected.locator('.lists-rejection').getAttribute('data-code')).toBe('INVALID_PHONE');
    expect(await rejected.locator('.lists-rejection').innerText()).toBe('電話番号として読み取れません');
    expect(await rejected.locator('.lists-rejection').getAttribute('title')).toMatch(/[a-z]/);
    // A row's note and the sample's quoting warning in Japanese, by their codes, with their row, column and figure.
    expect((await preview.locator('tr[data-row="1"] [data-code=EXTENSION_KEPT]').innerText()).trim()).toBe('内線 12 は発信する番号とは分けて保存します。');
    expect(await page.locator('.banner-warning li[data-code=QUOTE_IN_UNQUOTED_CELL]').innerText()).toBe(
      'データ 2 行目: 5 列目の引用符で囲まれていないセルに引用符があります。文字として読み取りました。',
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lists-preview-ja.png'), fullPage: true });

    await step(page, 'remap', async () => {
      await select('お客様コード').selectOption('externalId');
      await page.locator('[role=status]', { hasText: 'ファイルの先頭を読み込み中' }).waitFor({ state: 'detached' });
      // The select shows what the api's new preview maps the column to.
      const deadline = Date.now() + 10_000;
      while ((await select('お客様コード').inputValue()) !== 'externalId') {
        if (Date.now() > deadline) throw new Error('the preview did not come back with the new mapping');
        await page.waitForTimeout(100);
      }
    });
    expect(await select('お客様コード').inputValue()).toBe('externalId');
    expect(await select('電話番号').inputValue()).toBe('phone');

    // The import, followed live: the bar is read while it moves, until it shows 100 %.
    const seen = new Set<string>();
    await step(page, 'import', async () => {
      await page.getByRole('button', { name: 'ファイル全体をインポート' }).click();
      const bar = page.getByTestId('import-status').getByRole('progressbar');
      await bar.waitFor();
      const deadline = Date.now() + 60_000;
      for (;;) {
        seen.add((await bar.getAttribute('aria-valuenow')) ?? '');
        if (seen.has('100')) break;
        if (Date.now() > deadline) throw new Error(`the bar showed ${[...seen].join(', ')} and never 100`);
        await page.waitForTimeout(100);
      }
      await page.locator('[data-testid=import-status][data-state=completed]').waitFor();
    });
    expect(await page.getByTestId('import-status').locator('.progress-figure').innerText()).toBe('100 % 完了');
    const count = (key: string) => page.getByTestId('import-status').locator(`[data-count=${key}]`).innerText();
    expect(await count('rowsRead')).toBe('3');
    expect(await count('accepted')).toBe('2');
    expect(await count('rejected')).toBe('1');
    const leads = await query(stack.api.app, `select phone, external_id, custom_fields from leads where list_id = ? order by phone`, [listId]);
    expect(leads.map((lead) => [lead.phone, lead.external_id])).toEqual([
      ['+81312345678', 'A-1001'],
      ['+81661234567', 'A-1002'],
    ]);
    expect(leads[0].custom_fields).toMatchObject({ full_name: '山田太郎', 備考: '至急' });
    // The list's counts follow without a reload.
    await page.locator('[data-testid=status-counts] [data-status=new] dd', { hasText: /^2$/ }).waitFor();
    // The file's Japanese name, as the browser sent it (UTF-8), in the list's imports.
    await page.locator('[data-testid=imports] tr[data-state=completed] td', { hasText: /^顧客リスト\.csv$/ }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lists-imported-ja.png'), fullPage: true });

    const report = await step(page, 'rejections', async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('import-status').getByRole('button', { name: '除外行レポート' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^import-[0-9a-f-]+-rejections\.csv$/);
      return readFile((await download.path())!, 'utf8');
    });
    const lines = report.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    // From the Japanese page: its header and the reason in Japanese, the api's English message beside it.
    expect(lines[0]).toBe('行,理由コード,理由,説明（英語）,氏名,フリガナ,電話番号,お客様コード,備考');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^3,INVALID_PHONE,電話番号として読み取れません,.*,鈴木一郎,スズキイチロウ,1234,A-1003,番号が短い$/);

    await step(page, 'undo', async () => {
      const status = page.getByTestId('import-status');
      await status.getByRole('button', { name: 'インポートを取り消す' }).click();
      // Asked twice: the question, then the confirmation.
      await status.getByText('このインポートで追加した架電先をすべて削除しますか？').waitFor();
      await status.getByRole('button', { name: '確定' }).click();
      await status.getByText('取り消しました（2 件削除）。').waitFor();
    });
    expect(await query(stack.api.app, `select id from leads where list_id = ?`, [listId])).toEqual([]);
    const [job] = await query(stack.api.app, `select state from import_jobs where list_id = ?`, [listId]);
    expect(job.state).toBe('undone');
    await page.locator('[data-testid=imports] tr[data-state=undone]').waitFor();
    await page.locator('[data-testid=status-counts] [data-status=new] dd', { hasText: /^0$/ }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lists-undone-ja.png'), fullPage: true });
  });

  it('lets the user choose the phone column of a file whose phone header is not recognised, preview it and import it (Japanese)', async () => {
    const page = await signedIn('ja-JP');
    const listId = (
      await stack.api.http().post('/lists').set({ Authorization: `Bearer ${manager.token}` }).send({ name: '番号列なし', defaultCountry: 'JP', dedupeScope: 'list' }).expect(201)
    ).body.id as string;
    await page.goto(`${stack.api.url}/console/lists/${listId}`);
    await step(page, 'steps', async () => {
      await page.getByRole('heading', { name: '番号列なし' }).waitFor();
    });
    // The steps are numbered in their own words, one apart from the next.
    expect(await page.locator('.lists-steps li').allInnerTexts()).toEqual(['1. ファイルを選ぶ', '2. プレビューを確認', '3. インポート']);

    await step(page, 'unmapped-preview', async () => {
      const csv = Buffer.from('氏名,Contact number\n山田,03-1234-5678\n佐藤,06-6123-4567\n');
      await page.locator('.file-drop input[type=file]').setInputFiles({ name: '連絡先.csv', mimeType: 'text/csv', buffer: csv });
      await page.getByTestId('preview-problems').waitFor();
    });
    // What is wrong and how to fix it, in Japanese, naming the file's columns; a select per column to fix it with.
    expect(await page.getByTestId('preview-problems').innerText()).toBe(
      '電話番号の列が見つかりません（ファイルの列: 「氏名」、「Contact number」）。電話番号が入っている列の割り当てで「電話番号」を選んでください。選ぶまでインポートは開始できません。',
    );
    const select = (column: string) => page.getByLabel(`列「${column}」の項目`);
    expect(await select('Contact number').inputValue()).toBe('');
    expect(await select('氏名').inputValue()).toBe('fullName');
    expect(await page.getByTestId('import-preview').locator('tr[data-row="1"]').getAttribute('data-outcome')).toBe('unmapped');
    expect(await page.getByRole('button', { name: 'ファイル全体をインポート' }).isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lists-no-phone-column-ja.png'), fullPage: true });

    await step(page, 'choose-phone', async () => {
      await select('Contact number').selectOption('phone');
      await page.getByTestId('preview-problems').waitFor({ state: 'detached' });
      await page.locator('[data-testid=import-preview] tr[data-row="1"] .lists-stored', { hasText: '+81312345678' }).waitFor();
    });
    expect(await select('Contact number').inputValue()).toBe('phone');
    expect(await page.getByTestId('preview-counts').innerText()).toContain('取込 2 件');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lists-phone-column-chosen-ja.png'), fullPage: true });

    await step(page, 'import', async () => {
      await page.getByRole('button', { name: 'ファイル全体をインポート' }).click();
      await page.locator('[data-testid=import-status][data-state=completed]').waitFor();
      await page.locator('[data-testid=imports] tr[data-state=completed]').waitFor();
    });
    expect(await page.getByTestId('import-status').locator('[data-count=accepted]').innerText()).toBe('2');
    expect(await page.getByTestId('import-duration').innerText()).toMatch(/所要時間 \d+:\d\d/);
    const leads = await query(stack.api.app, `select phone, custom_fields from leads where list_id = ? order by phone`, [listId]);
    expect(leads.map((lead) => lead.phone)).toEqual(['+81312345678', '+81661234567']);
    expect(leads[0].custom_fields).toMatchObject({ full_name: '山田' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lists-no-phone-column-imported-ja.png'), fullPage: true });
  });

  it('presets a new list’s country from the page’s language: US on an English page', async () => {
    const page = await signedIn('en-US');
    await page.getByRole('button', { name: 'New list' }).click();
    expect(await page.locator('input[name=defaultCountry]').inputValue()).toBe('US');
  });

    it('finds a lead by its number in national format and opens it with its attempts and why it is not dialing (English)', async () => {
    const campaign = await seedCampaign(stack.api.app, { status: 'paused', jurisdiction: 'US' });
    const [leadId] = await seedLeads(stack.api.app, campaign.listId, [
      { phone: '+14155550142', externalId: 'ACC-77', firstName: 'Grace', zones: ['America/Los_Angeles'] },
    ]);
    await seedAttempt(stack.api.app, { campaignId: campaign.id, leadId, phone: '+14155550142', at: new Date(Date.now() - 3_600_000), dispositionCode: 'NO_ANSWER' });

    const page = await signedIn('en-US');
    await step(page, 'search', async () => {
      await page.getByRole('heading', { name: 'Lead lists' }).waitFor();
      await page.getByLabel('Number, name or account id').fill('(415) 555-0142');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByTestId('lead-results').waitFor();
    });
    const rows = page.getByTestId('lead-results').locator('tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('ACC-77');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lists-search-en.png'), fullPage: true });

    await step(page, 'open-lead', async () => {
      await page.getByRole('link', { name: 'Open lead +14155550142' }).click();
      await page.getByRole('heading', { name: 'Lead +14155550142' }).waitFor();
      await page.getByTestId('lead-why').waitFor();
    });
    expect(page.url()).toMatch(new RegExp(`/console/lists/leads/${leadId}$`));
    expect(await page.getByTestId('lead-why').getAttribute('data-dialable')).toBe('no');
    expect(await page.getByTestId('lead-why').innerText()).toMatch(/^Not dialable now — No campaign using its list is active \(.*: Paused\)/);
    const attempts = page.getByTestId('lead-attempts').locator('tbody tr');
    expect(await attempts.count()).toBe(1);
    expect(await attempts.first().innerText()).toContain('NO_ANSWER');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lists-lead-en.png'), fullPage: true });

    // The same search in Japanese, by name, in a list's own page.
    const ja = await signedIn('ja-JP');
    await ja.goto(`${stack.api.url}/console/lists/${campaign.listId}`);
    await ja.getByLabel('電話番号・氏名・顧客番号').fill('grace');
    await ja.getByRole('button', { name: '検索' }).click();
    await ja.getByRole('link', { name: '架電先 +14155550142 を開く' }).waitFor();
    expect(await ja.getByRole('heading', { name: 'インポート履歴' }).isVisible()).toBe(true);
    expect(await ja.getByText('このリストにはまだ何もインポートされていません。').isVisible()).toBe(true);
    // Why it is not dialed, in Japanese words: the campaign's state too, never the api's English sentence.
    await ja.getByRole('link', { name: '架電先 +14155550142 を開く' }).click();
    await ja.getByTestId('lead-why').waitFor();
    expect(await ja.getByTestId('lead-why').innerText()).toMatch(/^現在発信不可 — このリストを使うキャンペーンは稼働中ではありません（.*: 一時停止中）。$/);
    await ja.screenshot({ path: path.join(SCREENSHOTS, 'lists-lead-ja.png'), fullPage: true });
  });

  it('shows the api’s refusal beside the field when a list is created with an unknown country', async () => {
    const page = await signedIn('en-US');
    await page.getByRole('button', { name: 'New list' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Nowhere');
    await page.getByLabel('Country of national numbers (ISO code, e.g. JP)').fill('XX');
    await step(page, 'refused', async () => {
      await page.getByRole('button', { name: 'Create list' }).click();
      await page.locator('.field-error', { hasText: 'XX is not a country we know numbers of' }).waitFor();
    });
    expect(page.url()).toMatch(/\/console\/lists$/);
  });
});
