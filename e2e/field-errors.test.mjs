// Field errors come from `domain`, in Indonesian, next to their field: after the field is left,
// and all of them on sending. English is a switch that is remembered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './setup.mjs';
import { watchErrors, appReady, fresh } from './browser.mjs';
import { next } from './flow.mjs';

const t = setup();

test('errors are shown in Indonesian next to each field, and all at once on sending', { timeout: 120_000 }, async () => {
  const page = await t.browser.context.newPage();
  const errors = watchErrors(page);
  await fresh(page, `${t.srv.base}/lapor`);

  // Nothing is shouted before the citizen did anything.
  assert.equal(await page.locator('.field-error:visible').count(), 0);
  await next(page);
  assert.equal(await page.locator('#err-type').innerText(), 'Pilih jenis laporan: pengaduan, aspirasi, atau permintaan informasi.');
  // Focus moves after the next frame (`util::focus_later`).
  await page.waitForFunction(() => document.activeElement?.id === 'f-type', null, { timeout: 2000 }).catch(() => {});
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-type', 'focus goes to the field to fix');
  await page.check('#f-type');
  assert.equal(await page.locator('#err-type').innerText(), '');
  await next(page);
  await next(page);
  assert.equal(await page.locator('#err-category').innerText(), 'Pilih kategori masalah agar laporan sampai ke unit yang tepat.');

  // A title that is too short, once the field is left.
  await page.goto(`${t.srv.base}/lapor?langkah=4`);
  await appReady(page);
  await page.fill('#f-title', 'Jalan');
  assert.equal(await page.locator('#err-title').innerText(), '', 'no error while typing the first time');
  await page.locator('#f-title').blur();
  assert.equal(await page.locator('#err-title').innerText(), 'Judul laporan terlalu pendek: minimal 10 karakter, sekarang 5. Tambahkan keterangan.');
  assert.equal(await page.getAttribute('#f-title', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#f-title', 'aria-describedby'), /err-title/);
  await page.fill('#f-title', 'Jalan berlubang di depan sekolah');
  assert.equal(await page.locator('#err-title').innerText(), '', 'fixed as the citizen types');
  const tomorrow = new Date(Date.now() + 7 * 3600e3 + 86400e3).toISOString().slice(0, 10);
  await page.fill('#f-incident-date', tomorrow);
  await page.locator('#f-incident-date').blur();
  assert.match(await page.locator('#err-incident-date').innerText(), /belum terjadi\. Pilih hari ini atau tanggal sebelumnya\./);
  await page.fill('#f-incident-date', '');

  await page.goto(`${t.srv.base}/lapor?langkah=5`);
  await appReady(page);
  await page.check('input[name=privacy][value=publik]');
  await page.fill('#f-reporter-phone', '12345');
  await page.locator('#f-reporter-phone').blur();
  assert.match(await page.locator('#err-reporter-phone').innerText(), /^Nomor telepon "12345" tidak valid\. Tulis nomor Indonesia/);

  // Sending shows every remaining problem, each leading to its field.
  await page.goto(`${t.srv.base}/lapor?langkah=6`);
  await appReady(page);
  await page.click('button:has-text("Kirim laporan")');
  await page.waitForSelector('#error-summary:not([hidden])');
  const summary = await page.locator('#error-summary').innerText();
  assert.match(summary, /Ada isian yang perlu diperbaiki/);
  assert.match(summary, /Pilih kategori masalah/);
  assert.match(summary, /Isi laporan wajib diisi\./);
  assert.match(summary, /Nama pelapor wajib diisi untuk laporan publik/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary');
  await page.click('#error-summary button:has-text("Isi laporan wajib diisi.")');
  await page.waitForFunction(() => document.activeElement?.id === 'f-body');
  assert.match(new URL(page.url()).search, /langkah=4/);
  assert.equal(await page.locator('#err-body').innerText(), 'Isi laporan wajib diisi.');

  // English on request, remembered after a reload; the errors follow.
  await page.click('button.lang');
  await page.waitForSelector('text=Describe the problem');
  assert.equal(await page.locator('#err-body').innerText(), 'The description is required.');
  await page.reload();
  await appReady(page);
  await page.waitForSelector('text=Describe the problem');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.click('button.lang');
  await page.waitForSelector('text=Ceritakan masalahnya');

  assert.deepEqual(errors, []);
  await page.close();
});
