// Issue 17: no accessibility violations that axe-core finds (WCAG 2.1 A and AA) on the citizen's
// pages at 360 px: the home page, every step of the report flow (with its errors shown), the
// receipt, the status page and the public list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './setup.mjs';
import { openBrowser, appReady, fresh, violations } from './browser.mjs';
import { next, pngPhoto, unique, sendAndReadReceipt } from './flow.mjs';

const t = setup();

test('the citizen pages and every step of the report flow have no axe violations', { timeout: 180_000 }, async () => {
  // axe is injected as a script, which the page's Content-Security-Policy rightly forbids.
  const b = await openBrowser({ bypassCSP: true });
  const found = [];
  try {
    const page = await b.context.newPage();
    await fresh(page, `${t.srv.base}/`);
    found.push(...await violations(page, 'home'));

    await page.goto(`${t.srv.base}/lapor`);
    await appReady(page);
    await next(page); // every error of step 1 shown
    found.push(...await violations(page, 'step 1 with its error'));
    await page.check('#f-type');
    await next(page);
    await page.waitForSelector('#f-category');
    await next(page); // the category's error under the story box
    found.push(...await violations(page, 'step 2 with its error'));
    await page.fill('#f-category', 'jalan berlubang di depan sekolah');
    await page.waitForSelector('.results button');
    found.push(...await violations(page, 'step 2 with suggestions'));
    await page.click('.results button >> nth=0');
    await page.waitForSelector('.route');
    found.push(...await violations(page, 'step 2 with its route'));
    await next(page);
    await page.waitForSelector('#f-kecamatan');
    found.push(...await violations(page, 'step 3'));
    await page.selectOption('#f-kecamatan', { index: 1 });
    await page.selectOption('#f-location-desa', { index: 1 });
    await next(page);
    await page.waitForSelector('#f-title');
    await page.fill('#f-title', 'Jalan');
    await page.fill('#f-body', 'Pendek');
    await page.setInputFiles('#f-attachments', { name: 'jalan.png', mimeType: 'image/png', buffer: pngPhoto() });
    await page.waitForSelector('.previews img');
    await next(page); // too short: the errors are shown
    found.push(...await violations(page, 'step 4 with errors and a photo'));
    const title = unique('Jalan berlubang depan SD');
    await page.fill('#f-title', title);
    await page.fill('#f-body', 'Jalan di depan sekolah berlubang besar sejak dua minggu lalu, motor sering jatuh saat hujan.');
    await next(page);
    await page.waitForSelector('input[name=privacy]');
    found.push(...await violations(page, 'step 5'));
    await page.check('input[name=privacy][value=publik]');
    await page.fill('#f-reporter-name', 'Budi Santoso');
    await next(page);
    await page.waitForSelector('text=Periksa dan kirim');
    found.push(...await violations(page, 'step 6 (review)'));
    const display = await sendAndReadReceipt(page);
    found.push(...await violations(page, 'receipt'));

    await page.goto(`${t.srv.base}/lacak/${display.replace(/-/g, '')}`);
    await appReady(page);
    await page.waitForSelector('.report-detail');
    found.push(...await violations(page, '/lacak/{kode}'));
    await page.goto(`${t.srv.base}/laporan`);
    await appReady(page);
    await page.waitForSelector('.reports li');
    found.push(...await violations(page, '/laporan'));
  } finally {
    await b.close();
  }
  assert.deepEqual(found, []);
});
