import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

export const screenshots = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');
export const docsScreenshots = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'screenshots');

/**
 * Debian's Chromium, never a downloaded browser. Playwright gives every launch a fresh temporary
 * profile (--user-data-dir) and every context its own storage, so each user is a clean browser.
 */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(screenshots, { recursive: true });
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`No Chromium at ${executablePath}: run \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync',
    ],
  });
}

export const screenshotPath = (name: string): string => join(screenshots, name);
