import { encode } from 'iconv-lite';
import path from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureWebBuild } from '../../scripts/web/web-build';
import { SignedIn, signInAs, TEST_PASSWORD } from '../support/apps';
import { launchChromium, SCREENSHOTS } from '../support/browser';
import { StackWithUploads, startStackWithUploads } from '../support/stack-with-uploads';

/**
 * The console and compliance pages used as a hostile or unlucky user would: a
 * Shift_JIS file with a stray byte and a right-to-left override in its name, a
 * pasted 10,000-character search, a token the api no longer accepts, a deep
 * link with a NUL. Each was a bug found by attacking the pages (issue 12).
 */
describe('the pages under hostile use (e2e)', () => {
  let stack: StackWithUploads;
  let browser: Browser;
  let manager: SignedIn;
  let compliance: SignedIn;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ensureWebBuild((line) => process.stdout.write(`${line}\n`));
    stack = await startStackWithUploads('e2e-hostile-web-');
    manager = await signInAs(stack.api, 'manager');
    compliance = await signInAs(stack.api, 'compliance');
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
  });

  async function signedIn(user: SignedIn, locale: 'ja-JP' | 'en-US', at: string): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${stack.api.url}${at}`);
    await page.waitForURL(/\/login$/);
    await page.fill('input[name=email]', user.email);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL((url) => url.pathname === at);
    return page;
  }

  async function newList(name: string): Promise<string> {
    const response = await stack.api.http().post('/lists').set('authorization', `Bearer ${manager.token}`).send({ name, defaultCountry: 'JP', dedupeScope: 'list' }).expect(201);
    return response.body.id as string;
  }

  it('imports a Shift_JIS file misread as windows-1252 once its encoding is named, shows its name without the RLO, and caps a pasted search (Japanese)', async () => {
    const listId = await newList('大阪 督促 12月');
    const page = await signedIn(manager, 'ja-JP', `/console/lists/${listId}`);
    // 0x81 0xFF is no Shift_JIS character: the detection reads the file as windows-1252, which the api refuses.
    const file = Buffer.concat([encode('電話番号,氏名\r\n', 'cp932'), Buffer.from('0312345678,\x81\xff\x82\r\n09012345678,\xe0\x40\r\n', 'latin1')]);
    await page.locator('.file-drop input[type=file]').setInputFiles({ name: '督促\u202Evsc.exe.csv', mimeType: 'text/csv', buffer: file });
    await page.getByText(/windows-1252/).first().waitFor();
    await page.getByRole('combobox', { name: /^文字コード/ }).selectOption('shift_jis');
    await page.locator('[data-testid=preview-encoding][data-encoding=shift_jis]').waitFor();
    await page.getByRole('button', { name: 'ファイル全体をインポート' }).click();
    await page.locator('[data-testid=import-status][data-state=completed]').waitFor();
    expect(await page.getByTestId('import-status').locator('[data-count=accepted]').innerText()).toBe('1');
    // The override is gone: the name reads as sent, not reversed into "...exe.csv".
    await page.locator('[data-testid=imports] td', { hasText: /^督促vsc\.exe\.csv$/ }).waitFor();

    // Back from a lead returns to the same results (the search is in the address).
    const search = page.getByRole('searchbox');
    await search.fill('漾');
    await search.press('Enter');
    await page.getByTestId('lead-results').getByRole('link').first().click();
    await page.getByTestId('lead-why').waitFor();
    await page.goBack();
    await page.getByTestId('lead-results').getByText('漾').waitFor();
    expect(await search.inputValue()).toBe('漾');

    await search.fill('x'.repeat(10_000));
    expect((await search.inputValue()).length).toBe(200);
    await search.press('Enter');
    await page.getByText('該当する架電先はありません。').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'hostile-import-ja.png'), fullPage: true });
  });

  it('sends the user to sign in when the api refuses their token, then back to the page they were on (English)', async () => {
    const listId = await newList('Renewals');
    const page = await signedIn(manager, 'en-US', `/console/lists/${listId}`);
    await page.getByRole('heading', { name: 'Renewals' }).waitFor();
    // The token is no longer accepted (as after it expired or the user was deactivated).
    const stored = JSON.parse((await page.evaluate('localStorage.getItem("dialer.session")')) as string) as { accessToken: string };
    await page.evaluate(`localStorage.setItem("dialer.session", ${JSON.stringify(JSON.stringify({ ...stored, accessToken: `${stored.accessToken}x` }))})`);
    await page.reload();
    await page.waitForURL(/\/login$/);
    await page.getByText('Your session has ended. Sign in again to continue where you were.').waitFor();
    await page.fill('input[name=email]', manager.email);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL((url) => url.pathname === `/console/lists/${listId}`);
    await page.getByRole('heading', { name: 'Renewals' }).waitFor();

    // A mangled or stale link says what is not there, rather than the api's "id must be a UUID" with a retry.
    await page.goto(`${stack.api.url}/console/lists/not-a-uuid`);
    await page.getByText('There is no such list.').waitFor();
    await page.goto(`${stack.api.url}/console/lists/leads/00000000-0000-4000-8000-000000000000`);
    await page.getByText('There is no such lead.').waitFor();
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
  });

  it('answers a deep link with a NUL with the page, not the api’s JSON (English)', async () => {
    const page = await signedIn(compliance, 'en-US', '/compliance/subjects');
    await page.goto(`${stack.api.url}/compliance/subjects/%00`);
    await page.getByRole('heading', { name: 'A person’s data' }).waitFor();
    expect(await page.locator('body').innerText()).not.toContain('VALIDATION_FAILED');
  });
});
