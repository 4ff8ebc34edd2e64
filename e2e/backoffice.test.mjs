// The back office end to end: the coordinator logs in at /petugas and creates two officer
// accounts; a citizen's flight report (penerbangan, udara=perintis-subsidi) appears in the
// coordinator's queue and is verified to Dinas Perhubungan; the OPD liaison passes it down to
// its Bidang Perhubungan Udara with a reason; the bidang officer answers; the citizen sees the
// answer on /lacak, accepts it with a rating of 5, and the report is "Selesai".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, createCoordinator } from './server.mjs';
import { openBrowser, watchErrors, appReady } from './browser.mjs';
import { pngPhoto } from './flow.mjs';
import { browserLogin } from './totp.mjs';

const PASSWORD = 'Koordinator-Natuna-2026';
const LIAISON_PW = 'Penghubung-Dishub-2026';
const BIDANG_PW = 'Bidang-Udara-Natuna-2026';

let srv;
let dataDir;
const browsers = [];

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lapor-e2e-bo-'));
  createCoordinator(dataDir, PASSWORD);
  srv = await startServer({ DATA_DIR: dataDir });
});
after(async () => {
  for (const b of browsers) await b.close();
  await srv?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function officerPage(errors, ignore = []) {
  const b = await openBrowser({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });
  browsers.push(b);
  const page = await b.context.newPage();
  errors.push(watchErrors(page, { ignore }));
  return page;
}

/** Logs in at /petugas, with two-step sign-in where the account has it (`totp.mjs`). */
async function login(page, username, password) {
  await browserLogin(page, srv.base, username, password, { ready: appReady });
}

async function openReport(page, code) {
  await page.click(`a[href="/petugas/laporan/${code}"]`);
  await page.waitForSelector('.report-detail.officer h1');
}

async function createAccount(page, { username, name, role, unit, password }) {
  await page.fill('#f-new-username', username);
  await page.fill('#f-new-name', name);
  await page.selectOption('#f-new-role', role);
  await page.selectOption('#f-new-unit', unit);
  await page.fill('#f-new-password', password);
  await page.click('button:has-text("Buat akun")');
  await page.waitForSelector(`tr[data-username="${username}"]`);
}

test('coordinator verifies, OPD passes to bidang, bidang answers, citizen accepts', { timeout: 120_000 }, async () => {
  const errors = [];

  // The coordinator logs in and creates the two accounts.
  const koor = await officerPage(errors);
  await login(koor, 'koordinator', PASSWORD);
  await koor.click('nav a[href="/petugas/akun"]');
  await koor.waitForSelector('h1:has-text("Akun petugas")');
  assert.equal(await koor.isVisible('.banner.ok'), false, 'no empty green bar before anything happened');
  await createAccount(koor, { username: 'dishub', name: 'Admin Dishub', role: 'penghubung_opd', unit: 'dishub', password: LIAISON_PW });
  await createAccount(koor, { username: 'udara', name: 'Petugas Udara', role: 'petugas_unit', unit: 'dishub-udara', password: BIDANG_PW });
  const rows = await koor.locator('table.officers').innerText();
  assert.match(rows, /Admin penghubung OPD/);
  assert.match(rows, /Petugas bidang\/UPT/);
  // The audit log shows who made both accounts.
  await koor.waitForFunction(() => (document.querySelector('table.audit')?.innerText.match(/Akun dibuat/g) || []).length >= 3);
  const log = await koor.locator('table.audit').innerText();
  assert.match(log, /udara\s+Akun dibuat: Petugas bidang\/UPT/);

  // A citizen's report.
  const title = `Penerbangan perintis batal ${Date.now()}`;
  const r = await fetch(`${srv.base}/api/v1/reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `bo-${Date.now()}` },
    body: JSON.stringify({
      type: 'pengaduan', category: 'penerbangan', answers: { udara: 'perintis-subsidi' }, title,
      body: 'Penerbangan perintis ke Serasan sering dibatalkan tanpa pemberitahuan kepada warga.',
      location: { desa: '21.03.07.2004' }, privacy: 'publik', reporter: { name: 'Nelayan Serasan', phone: '081299998888' },
    }),
  });
  assert.equal(r.status, 201, await r.clone().text());
  const report = await r.json();
  const code = report.tracking_code;
  assert.ok(report.reporter_token, 'the 201 body carries the reporter token');

  // In the coordinator's queue; verified to Dinas Perhubungan.
  await koor.click('nav a[href="/petugas"]');
  await koor.waitForSelector(`a[href="/petugas/laporan/${code}"]`);
  await openReport(koor, code);
  const detail = await koor.locator('.report-detail').innerText();
  assert.ok(detail.includes(title));
  assert.match(detail, /Nelayan Serasan/);
  assert.match(detail, /Usulan tujuan/);
  await koor.selectOption('#f-verify-to', 'dishub');
  await koor.click('.action-verify button[type=submit]');
  await koor.waitForSelector('.report-detail .status:has-text("Diteruskan ke unit")');

  // The OPD liaison passes it down to its Bidang Perhubungan Udara.
  const liaison = await officerPage(errors);
  await login(liaison, 'dishub', LIAISON_PW);
  await liaison.waitForSelector(`a[href="/petugas/laporan/${code}"]`);
  await openReport(liaison, code);
  await liaison.click('.action-reroute summary');
  await liaison.selectOption('#f-reroute-to', 'dishub-udara');
  await liaison.fill('#f-reroute-text', 'Penerbangan perintis ditangani Bidang Perhubungan Udara.');
  await liaison.click('.action-reroute button[type=submit]');
  await liaison.waitForSelector('.timeline:has-text("Penerbangan perintis ditangani Bidang Perhubungan Udara.")');
  assert.match(await liaison.locator('.report-detail .facts').first().innerText(), /Perhubungan Udara/);

  // The bidang officer answers.
  // (its boilerplate answer is refused on purpose: the browser logs that 422)
  const bidang = await officerPage(errors, [/status of 422/]);
  await login(bidang, 'udara', BIDANG_PW);
  await bidang.waitForSelector(`a[href="/petugas/laporan/${code}"]`);
  await openReport(bidang, code);
  // A boilerplate answer is caught as it is typed: the checklist names what is missing, and the
  // server refuses it without a reason.
  await bidang.fill('#f-answer-text', 'Terima kasih, laporan akan kami tindak lanjuti.');
  await bidang.waitForSelector('.answer-check .hint');
  assert.match(await bidang.locator('.answer-check .check').innerText(), /tindakan ✗ · unit ✗ · waktu ✗/);
  await bidang.click('.action-answer button[type=submit]');
  await bidang.waitForSelector('#err-answer:has-text("masih normatif")');
  // A template fills the text: the officer picks it, types its blanks, and edits.
  await bidang.selectOption('#f-answer-template', 'dijadwalkan');
  await bidang.fill('.action-answer .blanks input >> nth=0', 'penerbangan perintis tambahan ke Serasan');
  await bidang.fill('.action-answer .blanks input >> nth=1', 'Senin, 7 Desember 2026');
  await bidang.click('.action-answer .blanks button');
  assert.match(await bidang.inputValue('#f-answer-text'), /menjadwalkan penerbangan perintis tambahan ke Serasan pada Senin, 7 Desember 2026/);
  const answer = 'Bidang Perhubungan Udara memulihkan jadwal penerbangan perintis ke Serasan mulai pekan depan.';
  await bidang.fill('#f-answer-text', answer);
  assert.match(await bidang.locator('.answer-check .check').innerText(), /tindakan ✓ · unit ✓ · waktu ✓/);
  // With a photo: the answer goes as multipart, the photo shrunk in the browser to a JPEG of at
  // most 1600 px, as citizens' photos are.
  const png = pngPhoto(2400, 1800);
  await bidang.setInputFiles('#f-answer-files', { name: 'jadwal.png', mimeType: 'image/png', buffer: png });
  await bidang.click('.action-answer button[type=submit]');
  await bidang.waitForSelector('.report-detail .status:has-text("Ditindaklanjuti")');
  const attachment = bidang.locator('.report-detail .answer a.attachment');
  assert.equal(await attachment.count(), 1);
  // The server alone would keep 2048 px: 1600 px shows the browser shrank it before uploading.
  const stored = await bidang.request.get(new URL(await attachment.getAttribute('href'), srv.base).href);
  assert.equal(stored.status(), 200);
  assert.deepEqual(jpegSize(await stored.body()), [1600, 1200], 'shrunk to 1600 px on its long side before upload');

  // The bidang officer downloads the reports of this period: their report, as a CSV file, and
  // the workbook is a real zip (xlsx).
  await bidang.click('nav a[href="/petugas/ekspor"]');
  await bidang.waitForSelector('h1:has-text("Ekspor data")');
  const period = await bidang.inputValue('#f-x-period');
  const [csv] = await Promise.all([bidang.waitForEvent('download'), bidang.click('#x-reports-csv')]);
  assert.equal(csv.suggestedFilename(), `laporan-${period}.csv`);
  const csvText = readFileSync(await csv.path(), 'utf8');
  assert.ok(csvText.startsWith('\ufeff'), 'a BOM, so that Excel reads UTF-8');
  const line = csvText.split('\r\n').find((l) => l.includes(code));
  assert.ok(line, `the report ${code} is in the export`);
  assert.match(line, /Ditindaklanjuti/);
  const [xlsx] = await Promise.all([bidang.waitForEvent('download'), bidang.click('#x-monev-xlsx')]);
  assert.equal(xlsx.suggestedFilename(), `monev-${period}.xlsx`);
  assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString(), 'PK');

  // The citizen sees the answer and accepts it with a rating of 5.
  const citizenBrowser = await openBrowser();
  browsers.push(citizenBrowser);
  const citizen = await citizenBrowser.context.newPage();
  errors.push(watchErrors(citizen));
  await citizen.goto(`${srv.base}/lacak/${code.replaceAll('-', '')}`);
  await appReady(citizen);
  await citizen.waitForSelector(`.answer:has-text("${answer}")`);
  // The public answer shows what it states (the normative-answer checklist).
  assert.match(await citizen.locator('.answer .check').first().innerText(), /tindakan ✓ · unit ✓ · waktu ✓/);
  await citizen.fill('#f-reporter-token', report.reporter_token);
  await citizen.click('label[for="f-rating-5"]');
  await citizen.click('#accept-answer');
  await citizen.waitForSelector('.report-detail .status:has-text("Selesai")');
  assert.equal(await citizen.locator('#accept-answer').count(), 0);

  // The coordinator sees the rating.
  await koor.reload();
  await appReady(koor);
  await koor.waitForSelector('.report-detail .rating');
  assert.match(await koor.locator('.report-detail .rating').innerText(), /5\/5/);

  // The coordinator issues an Open311 key to a partner system, which files a report with it;
  // once revoked, the same key is refused.
  await koor.click('nav a[href="/petugas/kunci"]');
  await koor.waitForSelector('h1:has-text("Kunci Open311")');
  await koor.fill('#f-key-name', 'Aplikasi Natuna Smart City');
  await koor.click('button:has-text("Buat kunci")');
  const key = (await koor.locator('#issued-key').innerText()).trim();
  assert.ok(key.length > 30, 'the key is shown once');
  const file311 = () => fetch(`${srv.base}/open311/v2/requests.json`, {
    method: 'POST',
    body: new URLSearchParams({
      api_key: key, service_code: 'jalan-rusak', 'attribute[status_jalan]': 'kabupaten', 'attribute[type]': 'pengaduan',
      'attribute[desa]': '21.03.07.2004', description: 'Jalan berlubang besar di depan SD, motor sering jatuh saat hujan.',
    }),
  });
  const filed = await file311();
  assert.equal(filed.status, 201, await filed.text());
  await koor.click('button:has-text("Cabut kunci Aplikasi Natuna Smart City")');
  await koor.waitForSelector('td:has-text("Dicabut")');
  assert.equal((await file311()).status, 403);

  assert.deepEqual(errors.flat(), []);
});

test('the coordinator opens an anonymous reporter\'s identity with a reason, and the reporter reads it', { timeout: 90_000 }, async () => {
  const errors = [];
  const r = await fetch(`${srv.base}/api/v1/reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `id-${Date.now()}` },
    body: JSON.stringify({
      type: 'pengaduan', category: 'jalan-rusak', answers: { status_jalan: 'kabupaten' }, title: `Jalan berlubang di Sepempang ${Date.now()}`,
      body: 'Lubang besar di jalan dekat SD, motor sering jatuh saat hujan.',
      location: { desa: '21.03.07.2004' }, privacy: 'anonim', reporter: { name: 'Hasan Basri', phone: '081366667777' },
    }),
  });
  assert.equal(r.status, 201, await r.clone().text());
  const report = await r.json();
  const code = report.tracking_code;

  // The coordinator has two-step sign-in since the first test: the password alone is answered
  // 401 otp_required, and the form asks for the app's code (the browser logs that 401).
  const koor = await officerPage(errors, [/status of 401/]);
  await login(koor, 'koordinator', PASSWORD);
  await koor.goto(`${srv.base}/petugas/laporan/${code}`);
  await koor.waitForSelector('.report-detail.officer h1');
  assert.doesNotMatch(await koor.locator('body').innerText(), /Hasan Basri/, 'hidden from the coordinator too');
  await koor.fill('#f-identity-reason', 'Verifikasi lokasi persis dengan pelapor.');
  await koor.click('.identity-open button[type=submit]');
  await koor.waitForSelector('.identity-open [role=status]:has-text("Hasan Basri")');
  assert.match(await koor.locator('.identity-open').innerText(), /081366667777|\+6281366667777/);

  // The reporter, on the status page, with the reporter code.
  const b = await openBrowser();
  browsers.push(b);
  const citizen = await b.context.newPage();
  errors.push(watchErrors(citizen));
  await citizen.goto(`${srv.base}/lacak/${code}`);
  await citizen.waitForSelector('form.identity');
  await citizen.fill('#f-token-identity', report.reporter_token);
  await Promise.all([citizen.waitForNavigation(), citizen.click('form.identity button[type=submit]')]);
  const page = await citizen.locator('main').innerText();
  assert.match(page, /Identitas Anda dibuka 1×/);
  assert.match(page, /Verifikasi lokasi persis dengan pelapor\./);
  assert.match(page, /Dinas Komunikasi dan Informatika/);
  assert.deepEqual(errors.flat(), []);
});

test('the coordinator blacks out a face in a photo in the browser, and the public page shows the blacked-out photo', { timeout: 90_000 }, async () => {
  const errors = [];
  const form = new FormData();
  form.append('report', new Blob([JSON.stringify({
    type: 'pengaduan', category: 'jalan-rusak', answers: { status_jalan: 'kabupaten' }, title: `Jalan berlubang di Sepempang ${Date.now()}`,
    body: 'Lubang besar di jalan dekat SD, motor sering jatuh saat hujan. Tampak wajah warga di foto.',
    location: { desa: '21.03.07.2004' }, privacy: 'publik', reporter: { name: 'Rahmat Hidayat' },
  })], { type: 'application/json' }));
  // A light photo (it arrives as a JPEG of 640×480).
  form.append('photo', new Blob([pngPhoto(640, 480, [240, 0, 240])], { type: 'image/png' }), 'foto.png');
  const r = await fetch(`${srv.base}/api/v1/reports`, { method: 'POST', headers: { 'Idempotency-Key': `bo-${Date.now()}` }, body: form });
  assert.equal(r.status, 201, await r.clone().text());
  const code = (await r.json()).tracking_code;

  const koor = await officerPage(errors, [/status of 401/]);
  await login(koor, 'koordinator', PASSWORD);
  await koor.goto(`${srv.base}/petugas/laporan/${code}`);
  await koor.waitForSelector('.report-detail.officer h1');
  // The photo is the last part offered; the "face" is drawn over its upper left.
  const photoOption = await koor.locator('#f-redact-part option', { hasText: 'Foto #' }).getAttribute('value');
  await koor.selectOption('#f-redact-part', photoOption);
  const img = koor.locator('#redact-photo img');
  await img.waitFor();
  await koor.waitForFunction(() => document.querySelector('#redact-photo img').complete);
  await img.scrollIntoViewIfNeeded();
  const box = await img.boundingBox();
  await koor.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.1);
  await koor.mouse.down();
  await koor.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3, { steps: 4 });
  await koor.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.6, { steps: 4 });
  await koor.mouse.up();
  assert.equal(await koor.locator('#redact-photo .redact-box').count(), 1, 'one area drawn');
  await koor.fill('#f-redact-reason', 'Wajah warga tampak jelas di foto.');
  await koor.click('#redact-submit');
  await koor.waitForSelector('#f-redact-part option:has-text("sudah disunting")', { state: 'attached' });
  const history = await koor.locator('ol.timeline').innerText();
  assert.match(history, /Foto #\d+ dihitamkan \(1 area\)\. Alasan: Wajah warga tampak jelas di foto\./);

  // The public status page shows the blacked-out photo: black inside the area, the photo's
  // colour outside it.
  const b = await openBrowser();
  browsers.push(b);
  const citizen = await b.context.newPage();
  errors.push(watchErrors(citizen));
  await citizen.goto(`${srv.base}/lacak/${code}`);
  await citizen.waitForSelector('ul.photos img');
  const [inside, outside] = await citizen.evaluate(async () => {
    const link = document.querySelector('ul.photos a').href;
    const pic = new Image();
    pic.src = link;
    await pic.decode();
    const c = document.createElement('canvas');
    c.width = pic.naturalWidth;
    c.height = pic.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(pic, 0, 0);
    const at = (fx, fy) => Array.from(g.getImageData(Math.floor(c.width * fx), Math.floor(c.height * fy), 1, 1).data.slice(0, 3));
    return [at(0.3, 0.35), at(0.8, 0.8)];
  });
  assert.ok(Math.max(...inside) < 20, `black inside the area: ${inside}`);
  assert.ok(Math.max(...outside) > 200, `untouched outside it: ${outside}`);

  // The coordinator reads the original and can put the photo back as it arrived.
  await koor.selectOption('#f-redact-part', photoOption);
  await koor.waitForSelector('a:has-text("Foto asli (hanya koordinator)")');
  await koor.fill('#f-redact-reason', 'Ternyata wajah pada poster, bukan warga.');
  await koor.click('#redact-restore');
  await koor.waitForFunction(() => ![...document.querySelectorAll('#f-redact-part option')].some((o) => o.textContent.includes('sudah disunting')));
  assert.deepEqual(errors.flat(), []);
});

/** Width and height from a JPEG's start-of-frame marker. */
function jpegSize(b) {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) { i++; continue; }
    const marker = b[i + 1];
    const len = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc3) return [b.readUInt16BE(i + 7), b.readUInt16BE(i + 5)];
    i += 2 + len;
  }
  return null;
}
