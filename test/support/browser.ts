import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

/** Screenshots of the browser specs: gitignored, kept by CI with artifacts/. */
export const SCREENSHOTS = path.resolve(__dirname, '../../artifacts/screenshots');

/** Debian's Chromium, headless, quiet (no background traffic, no QUIC). */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Runs a step on the page; when it fails, keeps a screenshot named `name` and
 * puts the page's text in the error, so a failure in CI says what was on screen.
 */
export async function withPageEvidence<T>(page: Page, name: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) }).catch(() => undefined);
    const text = await page.locator('body').innerText({ timeout: 2_000 }).catch(() => '(unreadable)');
    throw new Error(`${(error as Error).message}\npage: ${text}`);
  }
}
