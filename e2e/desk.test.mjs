// Issue 13's front door at the desa office: the Sekdes of Sepempang logs in at /petugas, records
// a walk-in citizen's complaint through the same guided steps as the citizen's form (the office's
// desa already chosen, "Tatap muka" as the channel), and gets a receipt that fits a phone screen
// and prints on one A6 page with both codes. The report is then in the store as filed in person
// by that officer, routed like any other.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, createCoordinator } from './server.mjs';
import { openBrowser, watchErrors, appReady, PHONE } from './browser.mjs';
import { next, unique } from './flow.mjs';
import { apiLogin as apiLoginAt, browserLogin } from './totp.mjs';

const KOOR_PW = 'Koordinator-Natuna-2026';
const SEKDES_PW = 'Sekdes-Sepempang-2026';
const DESA = '21.03.07.2004';

let srv;
let dataDir;
let browser;

/** Logs in through the API (with two-step sign-in, `totp.mjs`): the session cookie and the CSRF token. */
const apiLogin = (username, password) => apiLoginAt(srv.base, username, password);

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lapor-e2e-desk-'));
  createCoordinator(dataDir, KOOR_PW);
  srv = await startServer({ DATA_DIR: dataDir });
  const koor = await apiLogin('koordinator', KOOR_PW);
  const r = await fetch(`${srv.base}/api/v1/petugas/officers`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: koor.cookie, 'X-CSRF-Token': koor.csrf },
    body: JSON.stringify({ username: 'sekdes', display_name: 'Sekdes Sepempang', role: 'petugas_wilayah', unit: `desa-${DESA}`, password: SEKDES_PW }),
  });
  assert.equal(r.status, 201, await r.clone().text());
  browser = await openBrowser({ viewport: PHONE });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a desa officer records a walk-in complaint and prints its receipt', { timeout: 120_000 }, async () => {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${srv.base}/petugas`);
  await appReady(page);
  await page.fill('#f-username', 'sekdes');
  // The password field is styled like every other field (a thumb-sized box with a border).
  assert.deepEqual(await page.$eval('#f-password', (el) => [getComputedStyle(el).borderTopWidth, el.getBoundingClientRect().height >= 44]), ['2px', true]);
  await page.fill('#f-password', SEKDES_PW);
  await page.click('.login button[type=submit]');
  await page.click('nav a[href="/petugas/lapor"]');

  // Step 1: how it came in (in person by default), then the citizen's own steps.
  await page.waitForSelector('#f-channel-tatap_muka');
  assert.ok(await page.isChecked('#f-channel-tatap_muka'), 'a walk-in is the default at a desa office');
  await page.check('#f-type');
  await next(page);
  // Step 2: the citizen's words, the suggested category, and the unit it goes to.
  await page.fill('#f-category', 'sampah menumpuk tidak diangkut');
  await page.click('.results button >> nth=0');
  await page.waitForSelector('.route');
  await next(page);
  // Step 3: the office's own desa is already chosen.
  await page.waitForSelector('#f-kecamatan');
  assert.equal(await page.inputValue('#f-kecamatan'), '21.03.07');
  assert.equal(await page.inputValue('#f-location-desa'), DESA);
  await page.fill('#f-location-detail', 'Dermaga Sepempang');
  await next(page);
  const title = unique('Sampah menumpuk di dermaga');
  await page.fill('#f-title', title);
  await page.fill('#f-body', 'Sampah menumpuk di dermaga sejak dua minggu dan belum diangkut, baunya sampai ke rumah warga.');
  await next(page);
  await page.check('input[name=privacy][value=publik]');
  await page.fill('#f-reporter-name', 'Mak Ijah');
  await page.fill('#f-reporter-phone', '0812 7000 1234');
  await next(page);
  await page.waitForSelector('text=Periksa dan kirim');
  await page.click('button:has-text("Kirim laporan")');

  // The receipt: both codes, the channel and the officer, on a phone screen without scrolling sideways.
  await page.waitForSelector('#slip #receipt-code', { timeout: 30_000 });
  const slip = await page.locator('#slip').innerText();
  const display = (await page.locator('#receipt-code').innerText()).trim();
  const token = (await page.locator('#receipt-token').innerText()).trim();
  assert.match(slip, /Tatap muka/);
  assert.match(slip, /Sekdes Sepempang/);
  assert.match(slip, /Dinas Lingkungan Hidup/);
  assert.ok(token.length >= 8, slip);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= PHONE.width, `the receipt is ${wide}px wide on a ${PHONE.width}px phone`);

  // "Cetak" opens the browser's print dialog; printed, the slip alone fills one A6 page.
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
  await page.click('#print-receipt');
  assert.equal(await page.evaluate(() => window.__printed), 1);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('nav').evaluate((n) => n.offsetParent), null, 'the menu does not print');
  assert.equal(await page.locator('#print-receipt').evaluate((n) => n.offsetParent), null, 'the buttons do not print');
  const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
  const pages = pdf.match(/\/Type\s*\/Page[^s]/g) ?? [];
  assert.equal(pages.length, 1, 'the receipt prints on one page');
  const box = pdf.match(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/);
  assert.ok(box, 'the PDF has a page size');
  // A6 is 105 × 148 mm = 297.6 × 419.5 pt (Chromium rounds to 298.1 × 420).
  assert.ok(Math.abs(Number(box[1]) - 297.6) < 2 && Math.abs(Number(box[2]) - 419.5) < 2, `page size ${box[1]} × ${box[2]} pt`);
  await page.emulateMedia({ media: 'screen' });

  // Stored as recorded in person by the Sekdes (as the coordinator sees it before verifying).
  const code = display.replace(/[^A-Z0-9]/gi, '');
  const koor = await apiLogin('koordinator', KOOR_PW);
  const d = await (await fetch(`${srv.base}/api/v1/petugas/reports/${code}`, { headers: { Cookie: koor.cookie } })).json();
  assert.equal(d.channel, 'tatap_muka', JSON.stringify(d));
  assert.equal(d.history[0].actor, 'sekdes');
  assert.equal(d.title, title);
  assert.equal(d.reporter.name, 'Mak Ijah');
  // The citizen can follow it with the code from the slip.
  const pub = await fetch(`${srv.base}/api/v1/reports/${code}`);
  assert.equal(pub.status, 200);
  // The desk keeps no receipt or secret for the next citizen at the same computer.
  assert.equal(await page.evaluate(() => localStorage.getItem('lapor.v2.receipt')), null);
  assert.ok(!(await page.evaluate(() => JSON.stringify(localStorage))).includes(token));

  // A new complaint starts from step 1 with nothing of the last citizen's.
  await page.click('button:has-text("Catat laporan lain")');
  await page.waitForSelector('#f-channel-tatap_muka');
  await page.check('#f-type');
  await next(page);
  await page.fill('#f-category', 'lampu jalan mati');
  await page.click('.results button >> nth=0');
  const draft = () => page.evaluate(() => localStorage.getItem('lapor.petugas.draft') ?? '');
  await page.waitForFunction(() => /"category":"[^"]/.test(localStorage.getItem('lapor.petugas.draft') ?? ''));
  assert.ok(!(await draft()).includes('Mak Ijah'));
  // Logging out leaves no half-written complaint on the office computer.
  await page.click('nav button.logout');
  await page.waitForSelector('#f-username');
  const left = await draft();
  assert.ok(!/"category":"[^"]/.test(left), left);
  assert.deepEqual(errors, []);
});

test("the coordinator's account page fits a 360 px phone", { timeout: 60_000 }, async () => {
  const page = await browser.context.newPage();
  await browserLogin(page, srv.base, 'koordinator', KOOR_PW, { ready: appReady });
  await page.click('nav a[href="/petugas/akun"]');
  await page.waitForSelector('table.officers tbody tr');
  assert.equal(await page.isVisible('.banner.ok'), false, 'no empty green bar');
  const fit = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    // The table scrolls inside its own area; each button stays inside its cell.
    cut: [...document.querySelectorAll('table.officers button')]
      .filter((b) => b.getBoundingClientRect().right > b.closest('td').getBoundingClientRect().right + 0.5)
      .map((b) => b.innerText),
  }));
  assert.deepEqual(fit, { width: PHONE.width, cut: [] });
  await page.close();
});
