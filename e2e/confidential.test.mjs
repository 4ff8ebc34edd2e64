// A confidential (rahasia) report: the receipt shows its kode pelapor, which is also its secret,
// with a warning; the report never appears in the public list, and /lacak opens it only with
// that code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './setup.mjs';
import { watchErrors, appReady, fresh } from './browser.mjs';
import { fillReport, sendAndReadReceipt, listByTitle, unique } from './flow.mjs';

const t = setup();

test('a confidential report is not visible in /laporan and opens only with its secret', { timeout: 180_000 }, async () => {
  const page = await t.browser.context.newPage();
  const errors = watchErrors(page);
  const title = unique('Pungutan liar di kantor');
  await fresh(page, `${t.srv.base}/lapor`);
  await fillReport(page, { title, privacy: 'rahasia', name: '' });
  const code = await sendAndReadReceipt(page);
  const secret = (await page.locator('#receipt-token').innerText()).trim();
  assert.match(secret, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const box = await page.locator('.secret-box').innerText();
  assert.match(box, /Catat dan simpan kode pelapor ini/);
  assert.match(box, /satu-satunya kunci untuk membuka laporan/);
  assert.equal(await page.locator('.secret-box').count(), 1, 'one box: the kode pelapor is the secret');

  // Not in the public list, neither through the API nor on the page.
  assert.equal((await listByTitle(t.srv.base, title)).total, 0);
  await page.goto(`${t.srv.base}/laporan?q=${encodeURIComponent(title)}`);
  await appReady(page);
  await page.waitForSelector('.reports', { state: 'attached' });
  assert.equal(await page.locator('.reports li').count(), 0);
  assert.ok(!(await page.locator('#app').innerText()).includes(title));

  // In a later session on this phone, /lacak asks for the code; the kept receipt fills it in,
  // but nothing opens by itself.
  await page.evaluate(() => sessionStorage.clear());
  await page.goto(`${t.srv.base}/lacak/${code.replaceAll('-', '')}`);
  await appReady(page);
  await page.waitForSelector('#f-secret');
  assert.ok(!(await page.locator('#app').innerText()).includes(title));
  assert.equal(await page.inputValue('#f-secret'), secret);

  // On another phone (nothing kept), only the right code opens it.
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${t.srv.base}/lacak/${code.replaceAll('-', '')}`);
  await appReady(page);
  await page.waitForSelector('#f-secret');
  assert.equal(await page.inputValue('#f-secret'), '');
  await page.fill('#f-secret', 'AAAA-BBBB-CCCC-DDDD');
  await page.click('.secret-form button[type=submit]');
  await page.waitForSelector('text=Kode pelapor yang dimasukkan tidak cocok.');
  await page.fill('#f-secret', secret.toLowerCase());
  await page.click('.secret-form button[type=submit]');
  await page.waitForSelector('.report-detail');
  const detail = await page.locator('.report-detail').innerText();
  assert.ok(detail.includes(title));
  assert.match(detail, /Rahasia/);
  // The code that opened it is the kode pelapor of the reporter's forms.
  assert.equal(await page.inputValue('#f-reporter-token'), secret);

  // The only console errors are the expected 404s of the lookups without the right secret.
  assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), []);
  await page.close();
});
