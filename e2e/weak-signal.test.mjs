// The citizen on a weak signal and a cheap phone (issue 17): what was typed into the server's form
// before the app arrived is all there when it does, on the step the citizen was on; the story is
// typed once; the problem step says what is missing; the review and the "bukan wewenang" path
// say who handles the report and what sending it does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './setup.mjs';
import { watchErrors, appReady, fresh, openBrowser } from './browser.mjs';
import { fillReport, next, pngPhoto, unique } from './flow.mjs';

const t = setup();

/** DevTools' "Slow 3G" (400 kbit/s, 400 ms) and a 4× slower CPU, as a cheap phone on Natuna's signal. */
async function slowPhone(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 400,
    downloadThroughput: (400 * 1024) / 8,
    uploadThroughput: (400 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return cdp;
}

/** A fresh /lapor, through the type step and the story (its first suggestion chosen), onto the place step. */
async function toPlaceStep(page, story) {
  await fresh(page, `${t.srv.base}/lapor`);
  await page.check('#f-type');
  await next(page);
  await page.fill('#f-category', story);
  await page.click('.results button >> nth=0');
  await next(page);
  await page.waitForSelector('#f-kecamatan');
}

test('everything typed into the server form before the app arrives is in the app, on the step the citizen was on', { timeout: 150_000 }, async () => {
  // A first visit: no service worker has kept the app yet, so the wasm comes over the network.
  const phone = await openBrowser({ serviceWorkers: 'block' });
  const page = await phone.context.newPage();
  const errors = watchErrors(page);
  const cdp = await slowPhone(page);
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/*_bg.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(`${t.srv.base}/lapor`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#fallback form');

  // The citizen fills in most of the plain form, and is typing the story when the app arrives.
  const first = unique('Lampu jalan di depan pasar mati');
  const story = `${first}. Sudah seminggu malam hari gelap sekali dan rawan kecelakaan.`;
  await page.check('#fallback input[name=type][value=pengaduan]');
  await page.selectOption('#fallback select[name=desa]', '21.03.07.2004');
  await page.check('#fallback input[name=privacy][value=publik]');
  await page.fill('#fallback input[name=name]', 'Siti Aminah');
  await page.fill('#fallback input[name=phone]', '0812 3456 7890');
  await page.setInputFiles('#fallback input[name=photo]', { name: 'lampu.png', mimeType: 'image/png', buffer: pngPhoto() });
  await page.fill('#fallback textarea[name=cerita]', story);
  assert.equal(await page.locator('#fallback').count(), 1, 'the app has not taken over yet');
  release();
  await appReady(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });

  // The app opens on the problem step (the story was being typed), with the story in its box.
  assert.match(new URL(page.url()).search, /langkah=2/);
  assert.equal(await page.inputValue('#f-category'), story);
  await page.waitForSelector('.results button');
  await page.click('.results button >> nth=0');
  await page.waitForSelector('.route');
  await next(page);
  // The desa chosen in the form is chosen here.
  await page.waitForSelector('#f-location-desa');
  assert.equal(await page.inputValue('#f-location-desa'), '21.03.07.2004');
  await next(page);
  // Typed once: the title is the story's first sentence, the description the whole story.
  await page.waitForSelector('#f-title');
  assert.equal(await page.inputValue('#f-title'), first);
  assert.equal(await page.inputValue('#f-body'), story);
  // The photo picked in the form is here, shrunk like any other.
  await page.waitForSelector('.previews img');
  assert.equal(await page.locator('.previews img').count(), 1);
  await next(page);
  await page.waitForSelector('input[name=privacy]');
  assert.equal(await page.isChecked('input[name=privacy][value=publik]'), true);
  assert.equal(await page.inputValue('#f-reporter-name'), 'Siti Aminah');
  assert.equal(await page.inputValue('#f-reporter-phone'), '0812 3456 7890');
  await next(page);
  await page.waitForSelector('text=Periksa dan kirim');
  const review = await page.locator('.flow').innerText();
  assert.match(review, /Pengaduan/);
  assert.match(review, new RegExp(first));
  await cdp.detach();
  assert.deepEqual(errors, []);
  await phone.close();
});

test('a title written by the citizen stays theirs when the story changes', { timeout: 60_000 }, async () => {
  const page = await t.browser.context.newPage();
  await toPlaceStep(page, 'Jalan berlubang di depan sekolah. Bahaya.');
  await page.selectOption('#f-kecamatan', { index: 1 });
  await page.selectOption('#f-location-desa', { index: 1 });
  await next(page);
  assert.equal(await page.inputValue('#f-title'), 'Jalan berlubang di depan sekolah');
  await page.fill('#f-title', 'Judul saya sendiri');
  await page.click('.nav-buttons button.secondary'); // back to the place
  await page.click('.nav-buttons button.secondary'); // back to the problem
  await page.fill('#f-category', 'Jalan rusak parah di depan SD');
  await page.click('.results button >> nth=0');
  await next(page);
  await next(page);
  assert.equal(await page.inputValue('#f-title'), 'Judul saya sendiri');
  assert.equal(await page.inputValue('#f-body'), 'Jalan rusak parah di depan SD');
  await page.close();
});

test('"Lanjut" without a category says so under the story box', { timeout: 60_000 }, async () => {
  const page = await t.browser.context.newPage();
  await fresh(page, `${t.srv.base}/lapor`);
  await page.check('#f-type');
  await next(page);
  await page.waitForSelector('#f-category');
  await next(page);
  await page.waitForFunction(() => document.querySelector('#err-category')?.innerText.trim());
  assert.ok(await page.isVisible('#err-category'), 'the message is where the citizen can see it');
  assert.match(await page.locator('#err-category').innerText(), /kategori/i);
  await page.waitForFunction(() => document.activeElement?.id === 'f-category', null, { timeout: 2000 }).catch(() => {});
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-category');
  assert.match(new URL(page.url()).search, /langkah=2/);
  await page.close();
});

test('the review shows who will handle the report and why', { timeout: 90_000 }, async () => {
  const page = await t.browser.context.newPage();
  await fresh(page, `${t.srv.base}/lapor`);
  await fillReport(page, { title: unique('Jalan rusak depan SD') });
  const route = await page.locator('.route').innerText();
  assert.match(route, /Laporan Anda akan ditangani oleh/);
  assert.match(route, /Dinas|Bidang/);
  assert.ok((await page.locator('.route .reason').innerText()).trim().length > 20, 'the reason is shown');
  await page.close();
});

test('a matter outside the regency says where to go and what sending it here does', { timeout: 60_000 }, async () => {
  const page = await t.browser.context.newPage();
  await fresh(page, `${t.srv.base}/lapor`);
  await page.check('#f-type');
  await next(page);
  await page.fill('#f-category', 'listrik padam tiap malam dari pln');
  await page.click('.results button.external >> nth=0');
  const route = await page.locator('.route.external').innerText();
  assert.match(route, /Bukan wewenang Pemkab Natuna/);
  assert.match(route, /PLN/);
  assert.match(route, /Jika tetap dikirim/);
  assert.match(route, /tidak diteruskan/);
  await page.close();
});

/** A public report through the API (as the app would send it); its tracking code. */
async function postReport(title) {
  const r = await fetch(`${t.srv.base}/api/v1/reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `ws-${Date.now()}-${Math.random()}` },
    body: JSON.stringify({
      type: 'pengaduan', category: 'jalan-rusak', answers: { status_jalan: 'kabupaten' }, title,
      body: 'Jalan berlubang besar sejak sebulan lalu, berbahaya bagi pengendara motor.',
      location: { desa: '21.03.07.2004' }, privacy: 'publik', reporter: { name: 'Budi' },
    }),
  });
  assert.equal(r.status, 201, await r.clone().text());
  return (await r.json()).tracking_code;
}

test('the status page does not jump when the report arrives late, has a description and no empty banner', { timeout: 60_000 }, async () => {
  const code = await postReport(unique('Jalan rusak di Ranai'));
  const page = await t.browser.context.newPage();
  await page.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  // A weak signal: the report's data comes a second after the page.
  await page.route('**/api/v1/reports/*', async (route) => { await new Promise((r) => setTimeout(r, 1000)); await route.continue(); });
  await page.goto(`${t.srv.base}/lacak/${code}`);
  await appReady(page);
  await page.waitForSelector('.report-detail');
  await page.waitForTimeout(300);
  const cls = await page.evaluate(() => window.__cls);
  assert.ok(cls < 0.01, `cumulative layout shift ${cls}`);
  assert.ok(await page.$('meta[name=description]'), 'the page describes itself to search engines and link previews');
  assert.equal(await page.isVisible('.banner.ok'), false, 'no empty green bar');
  await page.close();
});

test('the list pager fits its words on a 360 px phone', { timeout: 60_000 }, async () => {
  await postReport(unique('Lampu jalan padam'));
  const page = await t.browser.context.newPage();
  await page.goto(`${t.srv.base}/laporan`);
  await appReady(page);
  await page.waitForSelector('.pager button');
  assert.ok(await page.$('meta[name=description]'));
  const cut = await page.evaluate(() => [...document.querySelectorAll('.pager button')]
    .filter((b) => b.scrollWidth > b.clientWidth)
    .map((b) => `${b.innerText}: ${b.scrollWidth} > ${b.clientWidth}`));
  assert.deepEqual(cut, []);
  await page.close();
});

test('the place step offers "Hapus titik lokasi" only when there is a point', { timeout: 60_000 }, async () => {
  const page = await t.browser.context.newPage();
  await toPlaceStep(page, 'jalan berlubang');
  assert.equal(await page.isVisible('button:has-text("Hapus titik lokasi")'), false);
  // Photos: once added, the preview shows it; the input does not also say "No file chosen".
  await page.selectOption('#f-kecamatan', { index: 1 });
  await page.selectOption('#f-location-desa', { index: 1 });
  await next(page);
  await page.setInputFiles('#f-attachments', { name: 'jalan.png', mimeType: 'image/png', buffer: pngPhoto() });
  await page.waitForSelector('.previews img');
  assert.equal(await page.$eval('#f-attachments', (el) => getComputedStyle(el).color), 'rgba(0, 0, 0, 0)');
  await page.close();
});
