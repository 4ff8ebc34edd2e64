// Weak connections: a send that fails for network reasons goes to the outbox on the phone with
// its Idempotency-Key, says so plainly, and is retried when the connection returns, so the
// server stores the report exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './setup.mjs';
import { watchErrors, appReady, fresh } from './browser.mjs';
import { fillReport, listByTitle, unique } from './flow.mjs';

const t = setup();

// Chromium logs a failed fetch as a console error; that one is the point of these tests.
const NETWORK_FAILURE = [/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_RESET|ERR_FAILED|ERR_NETWORK_CHANGED/];

const outbox = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('lapor.v1.outbox') || 'null'));

test('sent while offline: kept in the outbox, sent once when back online', { timeout: 180_000 }, async () => {
  const page = await t.browser.context.newPage();
  const errors = watchErrors(page, { ignore: NETWORK_FAILURE });
  const title = unique('Air PAM tidak mengalir');
  await fresh(page, `${t.srv.base}/lapor`);
  await fillReport(page, { title, photo: true });

  await t.browser.context.setOffline(true);
  await page.click('button:has-text("Kirim laporan")');
  await page.waitForSelector('text=Belum terkirim, akan dikirim otomatis');
  assert.ok(await page.isVisible('button:has-text("Kirim sekarang")'));
  const queued = await outbox(page);
  assert.ok(queued?.key?.length >= 16, 'the outbox keeps the Idempotency-Key');
  assert.ok(queued.report.includes(title));

  // "Kirim sekarang" while still offline fails again and keeps the same key.
  await page.click('button:has-text("Kirim sekarang")');
  await page.waitForFunction(() => !document.querySelector('.pending button.primary')?.disabled);
  assert.equal((await outbox(page)).key, queued.key);

  // A reload while offline keeps the outbox (the app is served from the HTTP cache here, or
  // the server's page: either way nothing is lost on the phone).
  assert.equal((await listByTitle(t.srv.base, title)).total, 0);

  await t.browser.context.setOffline(false);
  await page.waitForSelector('#receipt-code', { timeout: 30_000 });
  assert.equal(await outbox(page), null, 'the outbox is emptied on success');
  const list = await listByTitle(t.srv.base, title);
  assert.equal(list.total, 1, 'stored exactly once');
  assert.equal(list.items[0].display_code, (await page.locator('#receipt-code').innerText()).trim());
  assert.deepEqual(errors, []);
  await page.close();
});

test('a connection that dies after the server stored the report: the retry is answered once', { timeout: 180_000 }, async () => {
  const page = await t.browser.context.newPage();
  const errors = watchErrors(page, { ignore: NETWORK_FAILURE });
  const title = unique('Sampah menumpuk di pasar');
  await fresh(page, `${t.srv.base}/lapor`);
  await fillReport(page, { title });

  // The request reaches the server, which stores the report; the answer never arrives.
  let cut = 0;
  const keys = [];
  await page.route('**/api/v1/reports', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    keys.push(route.request().headers()['idempotency-key']);
    if (cut++ === 0) {
      await route.fetch();
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  await page.click('button:has-text("Kirim laporan")');
  await page.waitForSelector('text=Belum terkirim, akan dikirim otomatis');
  assert.equal((await listByTitle(t.srv.base, title)).total, 1, 'the server did store it');

  await page.click('button:has-text("Kirim sekarang")');
  await page.waitForSelector('#receipt-code', { timeout: 30_000 });
  assert.equal(keys.length, 2);
  assert.equal(keys[0], keys[1], 'the retry reuses the Idempotency-Key');
  const list = await listByTitle(t.srv.base, title);
  assert.equal(list.total, 1, 'still stored exactly once');
  assert.equal(list.items[0].display_code, (await page.locator('#receipt-code').innerText()).trim());
  assert.deepEqual(errors, []);
  await page.close();
});

test('a report left in the outbox is sent when the app is next opened', { timeout: 180_000 }, async () => {
  const page = await t.browser.context.newPage();
  const errors = watchErrors(page, { ignore: NETWORK_FAILURE });
  const title = unique('Jembatan kayu lapuk');
  await fresh(page, `${t.srv.base}/lapor`);
  await fillReport(page, { title });
  await page.route('**/api/v1/reports', (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()));
  await page.click('button:has-text("Kirim laporan")');
  await page.waitForSelector('text=Belum terkirim, akan dikirim otomatis');
  await page.close();

  // Later, the app is opened again on another page: the outbox goes out by itself.
  const again = await t.browser.context.newPage();
  const errors2 = watchErrors(again, { ignore: NETWORK_FAILURE });
  await again.goto(`${t.srv.base}/`);
  await appReady(again);
  await again.waitForSelector('text=Laporan Anda sudah terkirim.', { timeout: 30_000 });
  assert.equal((await listByTitle(t.srv.base, title)).total, 1);
  await again.click('a:has-text("Lihat tanda terima")');
  await again.waitForSelector('#receipt-code');
  assert.deepEqual([...errors, ...errors2], []);
  await again.close();
});

test('a stale catalog (409) reloads the app and keeps the draft', { timeout: 120_000 }, async () => {
  const page = await t.browser.context.newPage();
  const errors = watchErrors(page, { ignore: [/status of 409/] });
  const title = unique('Kapal perintis terlambat');
  await fresh(page, `${t.srv.base}/lapor`);
  await fillReport(page, { title });
  let stale = true;
  await page.route('**/api/v1/reports', (route) => {
    if (route.request().method() === 'POST' && stale) {
      stale = false;
      return route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ error: { code: 'catalog_stale', message: 'Daftar kategori dan unit telah diperbarui.', fields: {} } }) });
    }
    return route.continue();
  });
  const reloaded = page.waitForEvent('load');
  await page.click('button:has-text("Kirim laporan")');
  await reloaded;
  await appReady(page);
  await page.waitForSelector('text=Periksa dan kirim');
  assert.match(await page.locator('#app').innerText(), new RegExp(title), 'the draft survived the reload');
  await page.click('button:has-text("Kirim laporan")');
  await page.waitForSelector('#receipt-code');
  assert.equal((await listByTitle(t.srv.base, title)).total, 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a refusal (422) is not retried: its errors are shown at their fields', { timeout: 120_000 }, async () => {
  const page = await t.browser.context.newPage();
  const errors = watchErrors(page, { ignore: [/status of 422/] });
  const title = unique('Sekolah kekurangan guru');
  await fresh(page, `${t.srv.base}/lapor`);
  await fillReport(page, { title });
  let posts = 0;
  await page.route('**/api/v1/reports', (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    posts++;
    return route.fulfill({
      status: 422,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'validation', message: 'Laporan belum dapat dikirim: 1 isian perlu diperbaiki.', fields: { title: 'Judul laporan memuat kata yang tidak pantas. Ubah judulnya.' } } }),
    });
  });
  await page.click('button:has-text("Kirim laporan")');
  await page.waitForSelector('#error-summary:not([hidden])');
  assert.match(await page.locator('#error-summary').innerText(), /1 isian perlu diperbaiki[\s\S]*Judul laporan memuat kata yang tidak pantas/);
  assert.equal(await page.evaluate(() => localStorage.getItem('lapor.v1.outbox')), null, 'nothing left to retry');
  await page.click('#error-summary button:has-text("Judul laporan memuat")');
  await page.waitForFunction(() => document.activeElement?.id === 'f-title');
  assert.equal(await page.locator('#err-title').innerText(), 'Judul laporan memuat kata yang tidak pantas. Ubah judulnya.');
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(posts, 1, 'a refusal is not retried');
  // Editing the field clears the server's complaint about it.
  await page.fill('#f-title', `${title} (diubah)`);
  assert.equal(await page.locator('#err-title').innerText(), '');
  assert.deepEqual(errors, []);
  await page.close();
});
