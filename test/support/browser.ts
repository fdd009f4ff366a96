import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Browser, chromium } from 'playwright-core';

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
