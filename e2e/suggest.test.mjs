// "Ceritakan masalah Anda": on a 360×640 phone the problem step suggests categories from the
// citizen's own words (domain::suggest, in the wasm), with the unit each goes to; one tap chooses
// the category and its questions are still asked; a complaint outside the regency's authority
// shows where to go instead. No errors in the console. The model is not part of the first visit:
// it is fetched when the problem step opens; without a connection the keyword search answers
// until it arrives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './setup.mjs';
import { openBrowser, watchErrors, fresh, PHONE } from './browser.mjs';
import { next } from './flow.mjs';

const t = setup();

async function toProblemStep(page) {
  await fresh(page, `${t.srv.base}/lapor`);
  await page.check('#f-type');
  await next(page);
  await page.waitForSelector('#f-category');
}

test('the problem step suggests categories from free text and one tap chooses one', { timeout: 120_000 }, async () => {
  const page = await t.browser.context.newPage();
  const errors = watchErrors(page);
  assert.deepEqual(page.viewportSize(), PHONE);

  const modelRequests = [];
  page.on('request', (r) => { if (r.url().includes('/suggest-model-')) modelRequests.push(r.url()); });
  await fresh(page, `${t.srv.base}/lapor`);
  await page.check('#f-type');
  assert.equal(modelRequests.length, 0, 'the first screen does not download the suggestion model');
  const model = page.waitForResponse((r) => r.url().includes('/suggest-model-'));
  await next(page);
  await page.waitForSelector('#f-category');
  assert.equal((await model).status(), 200);
  assert.match(await page.locator('label[for="f-category"]').innerText(), /Ceritakan masalah Anda/);
  assert.equal(await page.getAttribute('.results', 'aria-live'), 'polite');

  await page.fill('#f-category', 'jln rusak parahhh dkt sd');
  const road = page.locator('.results button', { hasText: 'Jalan rusak' }).first();
  await road.waitFor();
  assert.ok((await page.locator('.results button').count()) <= 3, 'at most three suggestions');
  assert.match(await road.innerText(), /Dinas Pekerjaan Umum/);
  const box = await road.boundingBox();
  assert.ok(box.height >= 44 && box.width >= 44, `suggestion is ${box.width}×${box.height}`);
  const notThis = page.locator('button.not-this');
  assert.match(await notThis.innerText(), /Bukan ini/);
  assert.ok((await notThis.boundingBox()).height >= 44);

  // One tap: the category is chosen and its disambiguating question is asked; nothing is sent.
  await road.click();
  await page.waitForSelector('#f-cat-jalan-rusak:checked');
  await page.waitForSelector('fieldset.question legend#q-status_jalan');
  assert.match(await page.locator('.route').innerText(), /Laporan Anda akan ditangani oleh/);
  assert.equal(await page.locator('.results button').count(), 0, 'the suggestions are gone once chosen');

  // A new flow: electricity is PLN's, not the regency's; the suggestion says so.
  await toProblemStep(page);
  await page.fill('#f-category', 'listrik padam tiap malam');
  await page.waitForSelector('.results button');
  assert.match(await page.locator('.results').innerText(), /bukan wewenang/i);
  assert.match(await page.locator('.results').innerText(), /PLN/);

  // "Bukan ini" falls back to the topic tiles.
  await page.click('button.not-this');
  assert.equal(await page.locator('.results button').count(), 0);
  assert.ok(await page.locator('.tiles button').first().isVisible());

  // The words answer the category's question (the cues arrive with the model file): "SMA" is
  // the province's school, shown in the suggestion and pre-selected once chosen.
  await toProblemStep(page);
  await page.fill('#f-category', 'Guru SMA jarang masuk kelas');
  const teacher = page.locator('.results button', { hasText: 'Guru' }).first();
  await teacher.waitFor();
  assert.match(await teacher.innerText(), /Provinsi/);
  await teacher.click();
  await page.waitForSelector('input[name="q-jenjang"][value="sma-smk-slb"]:checked, fieldset.question input[value="sma-smk-slb"]:checked');


  assert.deepEqual(errors, []);
  await page.close();
});

test('without a connection the problem step finds categories by keyword, and suggests once back online', { timeout: 120_000 }, async () => {
  // A browser of its own: nothing in its cache, and no service worker (which keeps the model
  // from the first visit on; this is the first visit losing its signal before the model came).
  const own = await openBrowser({ serviceWorkers: 'block' });
  try {
    const page = await own.context.newPage();
    const errors = watchErrors(page, { ignore: [/Failed to load resource/, /ERR_INTERNET_DISCONNECTED/] });
    await fresh(page, `${t.srv.base}/lapor`);
    await page.check('#f-type');
    await own.context.setOffline(true);
    await next(page);
    await page.waitForSelector('#f-category');
    await page.fill('#f-category', 'jalan rusak');
    const road = page.locator('.results button', { hasText: 'Jalan rusak' }).first();
    await road.waitFor();
    assert.equal(await page.locator('.results .unit').count(), 0, 'offline: keyword matches, without the model');

    await own.context.setOffline(false);
    await page.fill('#f-category', 'jalan rusak berlubang');
    await page.waitForSelector('.results button .unit');
    assert.match(await page.locator('.results button', { hasText: 'Jalan rusak' }).first().innerText(), /Dinas Pekerjaan Umum/);
    assert.deepEqual(errors, []);
  } finally {
    await own.close();
  }
});
