// The kode pelapor end to end: a citizen files a public report through the app on a 360×640
// phone and reads the kode pelapor off the receipt screen; an officer verifies and answers it
// through the back-office API (a coordinator made by `server create-coordinator`, a unit
// officer made by the coordinator); the citizen opens the status page, where this phone's kept
// receipt has already filled in the kode pelapor, and on another phone types it in to accept
// the answer; the page then shows the report finished.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, createCoordinator } from './server.mjs';
import { apiLogin } from './totp.mjs';
import { openBrowser, watchErrors, appReady, fresh, PHONE } from './browser.mjs';
import { fillReport, sendAndReadReceipt, unique } from './flow.mjs';

const COORDINATOR_PW = 'Koordinator-Natuna-2026';
const OFFICER_PW = 'Bina-Marga-Natuna-2026';

let srv;
let dataDir;
const browsers = [];

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lapor-e2e-accept-'));
  createCoordinator(dataDir, COORDINATOR_PW);
  srv = await startServer({ DATA_DIR: dataDir });
});
after(async () => {
  for (const b of browsers) await b.close();
  await srv?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A logged-in officer of the back-office API: its session cookie and CSRF token on every call. */
async function officer(username, password) {
  const { cookie, csrf } = await apiLogin(srv.base, username, password);
  return async (method, path, body) => {
    const res = await fetch(`${srv.base}/api/v1/petugas${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text);
  };
}

test('a citizen accepts the answer to a public report with the kode pelapor from the receipt', { timeout: 180_000 }, async () => {
  const phone = await openBrowser();
  browsers.push(phone);
  const page = await phone.context.newPage();
  const errors = watchErrors(page);
  assert.deepEqual(page.viewportSize(), PHONE);

  // The citizen reports and keeps the two codes the receipt shows.
  const title = unique('Jalan berlubang dekat pasar');
  await fresh(page, `${srv.base}/lapor`);
  await fillReport(page, { title, privacy: 'publik' });
  const code = await sendAndReadReceipt(page);
  const token = (await page.locator('#receipt-token').innerText()).trim();
  assert.match(token, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const raw = code.replaceAll('-', '');

  // The coordinator verifies it to the unit domain proposes, and gives that unit an officer,
  // who answers.
  const koor = await officer('koordinator', COORDINATOR_PW);
  const before = await koor('GET', `/reports/${raw}`);
  assert.ok(before.available_actions.includes('verify'), JSON.stringify(before.available_actions));
  const unit = before.proposed_route.unit.code;
  const verified = await koor('POST', `/reports/${raw}/actions`, { action: 'verify', to: unit });
  assert.equal(verified.status, 'didisposisikan');
  await koor('POST', '/officers', { username: 'binamarga', display_name: 'Petugas Bina Marga', role: 'petugas_unit', unit, password: OFFICER_PW });
  const unitOfficer = await officer('binamarga', OFFICER_PW);
  const answer = 'Lubang jalan dekat pasar sudah ditambal oleh Bidang Bina Marga hari ini.';
  const answered = await unitOfficer('POST', `/reports/${raw}/actions`, { action: 'answer', text: answer });
  assert.equal(answered.status, 'ditindaklanjuti');

  // On the reporter's own phone the status page fills in the kode pelapor from the receipt.
  await page.goto(`${srv.base}/lacak/${raw}`);
  await appReady(page);
  await page.waitForSelector(`.answer:has-text("${answer}")`);
  assert.equal(await page.inputValue('#f-reporter-token'), token);

  // On another phone the citizen types the code they wrote down, and accepts the answer.
  const other = await openBrowser();
  browsers.push(other);
  const citizen = await other.context.newPage();
  // The browser logs the refused wrong code (422) itself; nothing else may appear.
  const citizenErrors = watchErrors(citizen, { ignore: [/status of 422/] });
  await citizen.goto(`${srv.base}/lacak/${raw}`);
  await appReady(citizen);
  await citizen.waitForSelector(`.answer:has-text("${answer}")`);
  assert.equal(await citizen.inputValue('#f-reporter-token'), '');
  // A mistyped code: the server's own words about the field, not a count of fields to fix.
  await citizen.fill('#f-reporter-token', 'AAAA-BBBB-CCCC-DDDD');
  await citizen.click('label[for="f-rating-4"]');
  await citizen.click('#accept-answer');
  await citizen.waitForFunction(() => document.querySelector('#respond-error')?.innerText.trim());
  const refused = await citizen.locator('#respond-error').innerText();
  assert.match(refused, /Kode pelapor tidak cocok/);
  assert.doesNotMatch(refused, /isian/);
  await citizen.fill('#f-reporter-token', token);
  await citizen.click('label[for="f-rating-4"]');
  await citizen.click('#accept-answer');
  await citizen.waitForSelector('.report-detail .status:has-text("Selesai")');
  assert.equal(await citizen.locator('#accept-answer').count(), 0, 'a finished report has nothing to accept');
  assert.match(await citizen.locator('.banner.ok').innerText(), /dinyatakan selesai/);
  const history = await citizen.locator('.timeline').innerText();
  assert.match(history, /Ditindaklanjuti/);
  assert.match(history, /Selesai/);
  // The phone recomputes the report's history against the published daily heads itself.
  await citizen.click('#chain-check');
  const verdict = await citizen.locator('.chain-check [role=status]').innerText();
  assert.match(verdict, /^Utuh: \d+ catatan publik dihitung ulang di ponsel ini dan cocok dengan sidik harian yang diumumkan untuk \d{4}-\d{2}-\d{2}/);

  // The officers see the citizen's rating.
  const after = await koor('GET', `/reports/${raw}`);
  assert.equal(after.status, 'selesai');
  assert.equal(after.rating, 4);

  assert.deepEqual([...errors, ...citizenErrors], []);
});
