import path from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestContext, query, seedCampaign, TestContext } from '@dialer/testing';
import { ensureWebBuild } from '../../scripts/web/web-build';
import { RunningApi, SignedIn, signInAs, startApi, TEST_PASSWORD, uniqueEmail } from '../support/apps';
import { launchChromium, SCREENSHOTS } from '../support/browser';
import { signInAtDesk } from '../support/desk-page';

/** The admin's users page in Debian's Chromium against the real api: create, change role, reset a password, deactivate. */
describe('the users page in the browser (e2e)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let browser: Browser;
  let admin: SignedIn;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ensureWebBuild((line) => process.stdout.write(`${line}\n`));
    ctx = await createTestContext();
    api = await startApi(ctx.config);
    admin = await signInAs(api, 'admin');
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await api?.close();
    await ctx?.cleanup();
  });

  /** A page signed in through the sign-in page (the admin's, unless told), at `at` (the users page, unless told). */
  async function signedIn(locale: 'ja-JP' | 'en-US', who: SignedIn = admin, at = '/console/users'): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${api.url}${at}`);
    await page.waitForURL(/\/login$/);
    await page.fill('input[name=email]', who.email);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
    await page.goto(`${api.url}${at}`);
    return page;
  }

  const login = (email: string, password: string) => api.http().post('/auth/login').send({ email, password });

  it('creates a user, changes their role, resets their password and deactivates them, each audited (English)', async () => {
    const page = await signedIn('en-US');
    const email = uniqueEmail('newcomer');
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByRole('button', { name: 'New user' }).click();
    // A refusal names its field: the api's rule, beside the password.
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Name', { exact: true }).fill('Hana Sato');
    await page.getByLabel('Password (at least 10 characters)').fill('first-password-1');
    await page.locator('.users-create select[name=role]').selectOption('agent');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByTestId('users-notice').filter({ hasText: `User ${email} created.` }).waitFor();
    const row = page.locator(`tr[data-user="${email}"]`);
    await row.waitFor();

    await row.getByLabel('Role of Hana Sato').selectOption('manager');
    await row.getByRole('button', { name: 'Change role' }).click();
    await page.getByTestId('users-notice').filter({ hasText: 'Hana Sato is now Manager.' }).waitFor();

    await row.getByRole('button', { name: 'Reset password' }).click();
    await row.getByLabel('New password for Hana Sato').fill('second-password-2');
    await row.getByRole('button', { name: 'Set password' }).click();
    await page.getByTestId('users-notice').filter({ hasText: 'The password of Hana Sato was reset.' }).waitFor();
    expect((await login(email, 'first-password-1')).status).toBe(401);
    expect((await login(email, 'second-password-2')).body).toMatchObject({ user: { role: 'manager' } });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'users-en.png'), fullPage: true });

    await row.getByRole('button', { name: 'Deactivate' }).click();
    await row.getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('users-notice').filter({ hasText: 'Hana Sato was deactivated.' }).waitFor();
    // Only active users are listed by default.
    await row.waitFor({ state: 'detached' });
    expect((await login(email, 'second-password-2')).status).toBe(401);

    const [user] = await query(api.app, `select id, role, active from users where email = ?`, [email]);
    expect(user).toMatchObject({ role: 'manager', active: false });
    const audit = await query(api.app, `select action, actor_id, data from audit_log where entity_id = ? and action like 'user.%' order by seq`, [user.id]);
    expect(audit.map((entry) => entry.action)).toEqual(['user.created', 'user.updated', 'user.updated', 'user.updated']);
    expect(audit.every((entry) => entry.actor_id === admin.userId)).toBe(true);
    expect(audit[2].data).toMatchObject({ passwordChanged: true });
    expect(JSON.stringify(audit)).not.toContain('second-password-2');
  });

  it('sends the open desk of an agent it deactivates back to the sign-in page at once, saying why (Japanese)', async () => {
    const agent = await signInAs(api, 'agent');
    const campaign = await seedCampaign(api.app, { status: 'active' });
    const deskContext = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 800 } });
    contexts.push(deskContext);
    const desk = await deskContext.newPage();
    await signInAtDesk(desk, api.url, agent, campaign.id);

    const page = await signedIn('ja-JP');
    const [{ display_name: name }] = await query(api.app, `select display_name from users where id = ?`, [agent.userId]);
    const row = page.locator(`tr[data-user="${agent.email}"]`);
    await row.getByRole('button', { name: '無効化' }).click();
    await row.getByRole('button', { name: '確定' }).click();
    await page.getByTestId('users-notice').filter({ hasText: `${name as string} を無効化しました。` }).waitFor();
    // Well before the desk's own check of its sign-in (every minute).
    await desk.waitForURL(/\/login$/, { timeout: 10_000 });
    await desk.getByText('セッションの有効期限が切れました').waitFor();
    await desk.screenshot({ path: path.join(SCREENSHOTS, 'desk-after-deactivation-ja.png'), fullPage: true });
  });

  it('sends the open wallboard of a manager whose password it resets back to the sign-in page at once, saying why (English)', async () => {
    const manager = await signInAs(api, 'manager');
    const wallboard = await signedIn('en-US', manager, '/console/wallboard');
    await wallboard.locator('.wb-live-on').waitFor({ timeout: 20_000 });

    const page = await signedIn('en-US');
    const [{ display_name: name }] = await query(api.app, `select display_name from users where id = ?`, [manager.userId]);
    const row = page.locator(`tr[data-user="${manager.email}"]`);
    await row.getByRole('button', { name: 'Reset password' }).click();
    await row.getByLabel(`New password for ${name as string}`).fill('a-new-password-for-them');
    await row.getByRole('button', { name: 'Set password' }).click();
    await page.getByTestId('users-notice').filter({ hasText: `The password of ${name as string} was reset.` }).waitFor();
    // Well before the wallboard's own check of its sign-in (every minute).
    await wallboard.waitForURL(/\/login$/, { timeout: 10_000 });
    await wallboard.getByText('Your session has ended.').waitFor();
    await wallboard.screenshot({ path: path.join(SCREENSHOTS, 'wallboard-after-password-reset-en.png'), fullPage: true });
  });

  it('shows the same page in Japanese, and the api’s refusal of a short password beside the field', async () => {
    const page = await signedIn('ja-JP');
    await page.getByRole('heading', { name: 'ユーザー' }).waitFor();
    await page.getByRole('button', { name: '新しいユーザー' }).click();
    await page.getByLabel('メール').first().fill(uniqueEmail('short'));
    await page.getByLabel('氏名').fill('田中 愛子');
    // The browser's own check would stop a short password first: take it off, so the api's answer shows.
    await page.locator('input[name=password]').evaluate((input) => input.removeAttribute('minlength'));
    await page.getByLabel('パスワード（10 文字以上）').fill('short');
    await page.getByRole('button', { name: 'ユーザーを作成' }).click();
    await page.locator('.field-error', { hasText: '短すぎます' }).waitFor();
    expect(await page.locator(`tr[data-user="${admin.email}"]`).innerText()).toContain('管理者');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'users-ja.png'), fullPage: true });
  });
});
