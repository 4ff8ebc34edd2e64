// The whole reporting flow on a 360×640 phone: every step, a photo, a reload in the middle, the
// receipt, and the code then opening the report on /lacak; no errors in the console.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './setup.mjs';
import { watchErrors, appReady, fresh, openBrowser, PHONE } from './browser.mjs';
import { fillReport, sendAndReadReceipt, listByTitle, unique, next, pngPhoto } from './flow.mjs';

const t = setup();

/** Every visible control a thumb must hit is at least 44 px tall and wide; nothing scrolls sideways. */
async function assertTouchTargets(page, where) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `${where} is ${width} px wide on a 360 px phone`);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('#app button, #app a.button, #app input:not([type=radio]):not([type=checkbox]):not([type=file]), #app select, #app textarea, #app label.choice')]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ el: el.outerHTML.slice(0, 80), r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.height < 44 || r.width < 44)
      .map(({ el, r }) => `${el} ${Math.round(r.width)}×${Math.round(r.height)}`),
  );
  assert.deepEqual(small, [], `touch targets under 44 px on ${where}`);
}

test('a citizen reports a damaged road on a phone, gets a receipt, and tracks it', { timeout: 180_000 }, async () => {
  const page = await t.browser.context.newPage();
  const errors = watchErrors(page);
  assert.deepEqual(page.viewportSize(), PHONE);
  const title = unique('Jalan berlubang depan sekolah');

  await fresh(page, `${t.srv.base}/lapor`);
  await assertTouchTargets(page, 'step 1');

  // Step 1 → 2: the search understands informal spelling and shows who will handle it.
  await page.check('#f-type');
  await next(page);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'step-title', 'focus moves to the step heading');
  await page.fill('#f-category', 'jln rusak');
  await page.waitForSelector('.results button');
  assert.match(await page.locator('.results').innerText(), /Jalan rusak/i);
  await page.click('.results button >> nth=0');
  const route = await page.locator('.route').innerText();
  assert.match(route, /Laporan Anda akan ditangani oleh/);
  await assertTouchTargets(page, 'step 2');

  // The phone's back button walks back through the steps without losing the choice.
  await page.goBack();
  await page.waitForSelector('#f-type');
  assert.equal(await page.isChecked('#f-type'), true);
  await page.goForward();
  await page.waitForSelector('.route');

  await next(page);
  await page.selectOption('#f-kecamatan', { index: 1 });
  await page.selectOption('#f-location-desa', { index: 1 });
  await page.fill('#f-location-detail', 'Depan SD Negeri 1');
  // "Gunakan lokasi saya": the phone's position, checked by `domain` to be in Natuna.
  await t.browser.context.grantPermissions(['geolocation'], { origin: t.srv.base });
  await t.browser.context.setGeolocation({ latitude: 3.9437, longitude: 108.3872, accuracy: 12 });
  await page.click('#f-location-lat');
  await page.waitForSelector('text=Titik lokasi tersimpan: 3.94370, 108.38720 (±12 m)');
  await assertTouchTargets(page, 'step 3');
  await next(page);

  await page.fill('#f-title', title);
  await page.fill('#f-body', 'Jalan di depan sekolah berlubang besar sejak dua minggu lalu, motor sering jatuh saat hujan.');
  assert.match(await page.locator('#count-body').innerText(), /\d+ \/ 4\.000 karakter/);
  await page.setInputFiles('#f-attachments', { name: 'jalan.png', mimeType: 'image/png', buffer: pngPhoto(2400, 1800) });
  await page.waitForSelector('.previews img');
  const shrunk = await page.evaluate(() => new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve([img.naturalWidth, img.naturalHeight, document.querySelector('.previews img').src.slice(0, 23)]);
    img.src = document.querySelector('.previews img').src;
  }));
  assert.deepEqual(shrunk, [1600, 1200, 'data:image/jpeg;base64,'], 'photos are shrunk to 1600 px JPEG in the browser');

  // A reload loses nothing: the draft, the step and the photo are on the phone.
  await page.reload();
  await appReady(page);
  assert.equal(await page.inputValue('#f-title'), title);
  assert.equal(await page.locator('.previews img').count(), 1);
  await next(page);

  await page.check('input[name=privacy][value=publik]');
  await page.fill('#f-reporter-name', 'Budi Santoso');
  await page.fill('#f-reporter-phone', '0812 3456 7890');
  await assertTouchTargets(page, 'step 5');
  await next(page);

  await page.waitForSelector('text=Periksa dan kirim');
  assert.match(await page.locator('#app').innerText(), new RegExp(title));
  const code = await sendAndReadReceipt(page);
  assert.match(code, /^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  const receipt = await page.locator('.receipt').innerText();
  // Each promised date says what it is; the kode pelapor is there with why to keep it.
  assert.match(receipt, /Diverifikasi paling lambat\n\d+ \S+ \d{4}/);
  assert.match(receipt, /Ditanggapi unit paling lambat\n\d+ \S+ \d{4}/);
  assert.match((await page.locator('#receipt-token').innerText()).trim(), /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.match(await page.locator('.secret-box').innerText(), /menerima jawaban petugas/);
  const wa = await page.getAttribute('a.whatsapp', 'href');
  assert.ok(wa.startsWith('https://wa.me/?text='), wa);
  assert.ok(decodeURIComponent(wa).includes(code));
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'receipt-title');
  // Sent once, draft and photos cleared.
  assert.equal((await listByTitle(t.srv.base, title)).total, 1);
  assert.equal(await page.evaluate(() => localStorage.getItem('lapor.v1.photos')), null);

  await page.click('a:has-text("Lihat status laporan")');
  await page.waitForSelector('.report-detail');
  await assertTouchTargets(page, '/lacak');
  const detail = await page.locator('.report-detail').innerText();
  assert.ok(detail.includes(code), 'the code shows on /lacak');
  assert.ok(detail.includes(title));
  assert.match(detail, /Diterima/);
  assert.equal(await page.locator('.report-detail .photos img').count(), 1);
  assert.equal(new URL(page.url()).pathname, `/lacak/${code.replaceAll('-', '')}`);

  // One mistyped character: the check character finds the real code.
  const raw = code.replaceAll('-', '');
  const wrong = raw.slice(0, 4) + (raw[4] === '7' ? '8' : '7') + raw.slice(5);
  await page.goto(`${t.srv.base}/lacak`);
  await appReady(page);
  await page.fill('#f-kode', wrong);
  await page.click('form.track button[type=submit]');
  await page.waitForSelector('text=Mungkin maksud Anda:');
  assert.ok((await page.locator('.suggestions').innerText()).includes(code));
  await page.click(`.suggestions a:has-text("${code}")`);
  await page.waitForSelector('.report-detail');

  assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), []);
  await page.close();
});

test('the home page explains the service and shows public figures', { timeout: 60_000 }, async () => {
  const page = await t.browser.context.newPage();
  const errors = watchErrors(page);
  await fresh(page, `${t.srv.base}/`);
  await page.waitForSelector('.stats');
  await assertTouchTargets(page, 'the home page');
  assert.match(await page.locator('.stats').innerText(), /Laporan bulan ini/);
  await page.click('a.button.primary');
  await page.waitForSelector('#step-title');
  assert.equal(new URL(page.url()).pathname, '/lapor');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the public list filters and links to each report', { timeout: 120_000 }, async () => {
  const page = await t.browser.context.newPage();
  const errors = watchErrors(page);
  const title = unique('Lampu jalan padam');
  await fresh(page, `${t.srv.base}/lapor`);
  await fillReport(page, { title });
  await sendAndReadReceipt(page);
  await page.click('button:has-text("Buat laporan baru")');
  await page.goto(`${t.srv.base}/laporan`);
  await appReady(page);
  await page.fill('#f-q', title);
  await page.click('form.filters button[type=submit]');
  await page.waitForFunction((t) => document.querySelector('.reports')?.innerText.includes(t), title);
  assert.match(new URL(page.url()).search, /q=/);
  await assertTouchTargets(page, '/laporan');
  await page.selectOption('#f-status', 'selesai');
  await page.waitForFunction(() => /^0 laporan/.test(document.querySelector('#list-count')?.innerText || ''));
  await page.goBack();
  await page.waitForFunction((t) => document.querySelector('.reports')?.innerText.includes(t), title);
  await page.click('.reports a >> nth=0');
  await page.waitForSelector('.report-detail');
  assert.deepEqual(errors, []);
  await page.close();
});

test("before the wasm arrives the server's form is there, and what was typed into it is kept", { timeout: 60_000 }, async () => {
  // A first visit: no service worker has kept the app yet, so the wasm comes over the network.
  const phone = await openBrowser({ serviceWorkers: 'block' });
  const page = await phone.context.newPage();
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/*_bg.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(`${t.srv.base}/lapor`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#fallback form');
  assert.ok(await page.isVisible('#fallback input[name=title]'), 'the no-JavaScript form is usable at once');
  await page.fill('#fallback input[name=title]', 'Pipa air bocor di jalan utama');
  release();
  await appReady(page);
  assert.equal(await page.locator('#fallback').count(), 0);
  await page.goto(`${t.srv.base}/lapor?langkah=4`);
  await appReady(page);
  assert.equal(await page.inputValue('#f-title'), 'Pipa air bocor di jalan utama');
  await phone.close();
});
