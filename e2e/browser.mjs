// Debian's Chromium, headless, with a fresh profile per test: no cache, storage or service
// workers carried from one test to the next.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
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

const require = createRequire(import.meta.url);

/** axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line each (the browser
 * must be opened with `bypassCSP`: axe is injected as a script). */
export async function violations(page, where) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  if (result.passes.length <= 5) throw new Error(`axe did not really run on ${where}`);
  return result.violations.map((v) => `${where}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
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
