// Debian's Chromium, headless, with a fresh profile per test: no cache, storage or service
// workers carried from one test to the next.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PHONE = { width: 360, height: 640 };

/** `profile`: an existing profile directory to open again (kept when closed), as a phone that
 * is switched off and on keeps its browser's storage and service workers. */
export async function openBrowser({ profile, ...options } = {}) {
  const userDataDir = profile || mkdtempSync(join(tmpdir(), 'lapor-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'id-ID',
    ...options,
  });
  context.setDefaultTimeout(20_000);
  return {
    context,
    async close() {
      await context.close();
      if (!profile) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Collects console errors and uncaught exceptions of a page. */
export function watchErrors(page, { ignore = [] } = {}) {
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !ignore.some((re) => re.test(m.text()))) errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** Waits until the wasm app has replaced the server's no-JavaScript page. */
export async function appReady(page) {
  await page.waitForFunction(() => !document.getElementById('fallback') && document.getElementById('app')?.children.length > 0, null, { timeout: 30_000 });
}

/** Opens a page of the app with nothing on the phone: no draft, outbox or receipt. */
export async function fresh(page, url) {
  await page.goto(url);
  await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
  await page.goto(url);
  await appReady(page);
}
