import { Page } from 'playwright-core';
import { SignedIn, TEST_PASSWORD } from './apps';
import { withPageEvidence } from './browser';

/** Signs the agent in through the desk's own page and joins them to the campaign: the desk then shows them paused. */
export async function signInAtDesk(page: Page, apiUrl: string, agent: SignedIn, campaignId: string): Promise<void> {
  await page.goto(`${apiUrl}/desk`);
  await page.waitForURL(/\/login$/);
  await page.fill('input[name=email]', agent.email);
  await page.fill('input[name=password]', TEST_PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(/\/desk$/);
  await page.locator('select[name=campaign]').selectOption(campaignId);
  await page.locator('form.join button[type=submit]').click();
  await page.locator('[data-testid=agent-state][data-state=paused]').waitFor();
}

/** The softphone's connect button: the emulated audio leg joins the agent's room. */
export async function connectDeskAudio(page: Page): Promise<void> {
  await page.locator('#phone button.primary').click();
  await page.locator('[data-testid=audio-status][data-connected=yes]').waitFor({ timeout: 20_000 });
}

/**
 * The state bar's main button, from paused: ready for calls, or already past ready when the dialer reserves the
 * agent (a preview, a call) before the page paints ready. Returns the state the page showed.
 */
export async function goReadyAtDesk(page: Page): Promise<string> {
  return withPageEvidence(page, 'desk-ready-failed', async () => {
    await page.locator('.state-actions button.primary').click();
    const state = page.locator(['ready', 'reserved', 'on_call'].map((s) => `[data-testid=agent-state][data-state=${s}]`).join(', '));
    await state.waitFor();
    return (await state.getAttribute('data-state'))!;
  });
}
