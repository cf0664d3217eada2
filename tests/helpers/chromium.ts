import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, which `.ci/run` installs; playwright-core never downloads a browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Browser tests skip only outside CI when Chromium is missing; under CI they must run. */
export const skipBrowserTests = !existsSync(CHROMIUM) && !process.env.CI;

/** Headless Chromium with the flags this machine needs (no sandbox as root, no background network). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
