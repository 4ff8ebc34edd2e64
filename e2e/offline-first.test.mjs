// Issue 17: a phone that opened /lapor once can open it again with no network at all, write a
// report with a photo, and leave it in the outbox; back online it is sent once, with its photo.
// The app is installable (a manifest and a service worker, no installability errors).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setup } from './setup.mjs';
import { openBrowser, appReady, watchErrors } from './browser.mjs';
import { fillReport, listByTitle, unique } from './flow.mjs';

const t = setup();
const profile = mkdtempSync(join(tmpdir(), 'lapor-phone-'));
after(() => rmSync(profile, { recursive: true, force: true }));

test('opened once, /lapor opens with no network, and a report written offline is sent once when back online', { timeout: 180_000 }, async () => {
  // First visit, online: the service worker installs and keeps the citizen app.
  let phone = await openBrowser({ profile });
  let page = await phone.context.newPage();
  await page.goto(`${t.srv.base}/lapor`);
  await appReady(page);
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForFunction(async () => {
    const names = await caches.keys();
    const c = names.length && await caches.open(names[0]);
    return c && (await c.keys()).some((r) => r.url.endsWith('_bg.wasm'));
  });
  const cdp = await phone.context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, [], 'Chromium can install the app');
  const manifest = await (await fetch(`${t.srv.base}/manifest.webmanifest`)).json();
  assert.equal(manifest.lang, 'id');
  await phone.close();

  // The phone is switched on again with no network at all.
  phone = await openBrowser({ profile, offline: true });
  page = await phone.context.newPage();
  const errors = watchErrors(page, { ignore: [/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::ERR/] });
  await page.goto(`${t.srv.base}/lapor`);
  await appReady(page);
  const title = unique('Jalan putus ditulis tanpa sinyal');
  await fillReport(page, { title, photo: true, search: 'jalan rusak' });
  await page.click('button:has-text("Kirim laporan")');
  await page.waitForSelector('#pending-title');
  assert.equal((await listByTitle(t.srv.base, title)).total, 0, 'nothing reached the server while offline');

  // Back online: sent by itself, exactly once, with its photo.
  await phone.context.setOffline(false);
  await page.waitForSelector('#receipt-code', { timeout: 60_000 });
  const list = await listByTitle(t.srv.base, title);
  assert.equal(list.total, 1);
  const code = list.items[0].tracking_code;
  const report = await (await fetch(`${t.srv.base}/api/v1/reports/${code}`)).json();
  assert.equal(report.photos.length, 1, "the photo came with it");
  assert.deepEqual(errors, []);
  await phone.close();
});

test('a status page seen once shows its last known status with no network, marked as such', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lapor-phone-'));
  try {
    let phone = await openBrowser({ profile: dir });
    let page = await phone.context.newPage();
    await page.goto(`${t.srv.base}/lapor`);
    await appReady(page);
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    const title = unique('Drainase tersumbat dilacak offline');
    const r = await fetch(`${t.srv.base}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'pengaduan', category: 'jalan-rusak', answers: { status_jalan: 'kabupaten' }, title,
        body: 'Saluran air di tepi jalan tersumbat sampah sehingga jalan tergenang setiap hujan.',
        location: { desa: '21.03.07.2004' }, privacy: 'publik', reporter: { name: 'Siti' },
      }),
    });
    assert.equal(r.status, 201);
    const { tracking_code: code } = await r.json();
    // Seen once, online: the worker keeps the page.
    await page.goto(`${t.srv.base}/lacak/${code}`);
    await page.waitForSelector(`text=${title}`);
    await page.waitForFunction(async (c) => (await (await caches.open('lapor-status')).keys()).some((k) => k.url.endsWith(`/lacak/${c}`)), code);
    await phone.close();

    // Switched on again with no network: the saved status, said to be the last one seen.
    phone = await openBrowser({ profile: dir, offline: true });
    page = await phone.context.newPage();
    await page.goto(`${t.srv.base}/lacak/${code}`);
    await page.waitForSelector('.notice');
    assert.match(await page.locator('.notice').innerText(), /Tidak ada koneksi\. Ini status terakhir yang tersimpan/);
    assert.ok((await page.content()).includes(title), 'the report is shown');
    assert.match(await page.locator('main').innerText(), /Diterima/, 'with its status');
    assert.equal(await page.locator('script').count(), 0, 'a still page: no app asking the dead network');
    await phone.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
