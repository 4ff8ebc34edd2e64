// "Saya juga mengalami" (issue 17): before sending, the review shows open public reports of the
// same category in the same kecamatan; one tap supports one instead of filing a duplicate, once
// per phone (remembered after a reload), and the count shows on that report's public page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './setup.mjs';
import { watchErrors, fresh, openBrowser, violations } from './browser.mjs';
import { fillReport, sendAndReadReceipt, unique } from './flow.mjs';

const t = setup();

test('a citizen about to send a duplicate supports the existing report instead, once per phone', { timeout: 120_000 }, async () => {
  // bypassCSP: axe checks the panel (it is injected as a script).
  const b = await openBrowser({ bypassCSP: true });
  const page = await b.context.newPage();
  const errors = watchErrors(page);
  // A neighbour already reported the broken road.
  const first = unique('Jalan berlubang di depan SD');
  await fresh(page, `${t.srv.base}/lapor`);
  await fillReport(page, { title: first });
  const display = await sendAndReadReceipt(page);
  const code = display.replace(/-/g, '');

  // Another citizen, same category and place, reaches the review.
  await fresh(page, `${t.srv.base}/lapor`);
  await fillReport(page, { title: unique('Jalan rusak dekat sekolah'), name: 'Rudi', phone: '' });
  const similar = page.locator('section.similar');
  await similar.waitFor();
  await assert.doesNotReject(similar.locator(`a[href="/lacak/${code}"]`).waitFor(), 'the neighbour\'s report is offered');
  assert.match(await similar.innerText(), /30 hari terakhir/);
  assert.deepEqual(await violations(page, 'review with similar reports'), []);
  await similar.locator('button:has-text("Saya juga mengalami")').first().click();
  await similar.locator('.done').waitFor();
  assert.match(await similar.locator('.done').innerText(), /Dukungan Anda tercatat/);
  assert.match(await similar.innerText(), /1 orang juga mengalami/);
  assert.deepEqual(await violations(page, 'after the support'), []);
  // The citizen can still send their own report: the button is there.
  assert.equal(await page.locator('button:has-text("Kirim laporan")').count(), 1);

  // The phone is remembered: after a reload the report says so, with no button to count twice.
  await page.reload();
  await similar.waitFor();
  await similar.locator('.done').waitFor();
  assert.equal(await similar.locator(`li:has(a[href="/lacak/${code}"]) button`).count(), 0);
  const view = await (await fetch(`${t.srv.base}/api/v1/reports/${code}`)).json();
  assert.equal(view.supporters, 1);

  // The report's public page says so, without saying who.
  await page.goto(`${t.srv.base}/lacak/${code}`);
  await page.locator('.supporters').waitFor();
  assert.equal((await page.locator('.supporters').innerText()).trim(), '1 orang juga mengalami');
  assert.ok(!(await page.content()).includes('Rudi'), 'the supporter is not named');
  assert.deepEqual(errors, []);
  await b.close();
});
