// The public statistics page (/statistik): works without JavaScript on a 360 px phone (figures,
// the chart, the period chooser), counts a confidential report without ever showing it, and has
// no accessibility violations that axe-core finds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { setup } from './setup.mjs';
import { openBrowser, PHONE } from './browser.mjs';
import { unique } from './flow.mjs';

const t = setup();
const require = createRequire(import.meta.url);

async function submit(base, version, { title, privacy }) {
  const r = await fetch(`${base}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({
      type: 'pengaduan',
      category: 'jalan-rusak',
      answers: { status_jalan: 'kabupaten' },
      title,
      body: 'Lubang besar di jalan dekat sekolah, motor sering jatuh saat hujan. Mohon segera ditambal.',
      incident_date: '2026-11-20',
      location: { desa: '21.03.07.2004', detail: 'Depan SD Negeri 1' },
      privacy,
      reporter: { name: 'Siti Aminah', phone: '0812-3456-7890', email: 'siti@contoh.id' },
      catalog_version: version,
    }),
  });
  assert.equal(r.status, 201, await r.text());
}

/** The regency's figure shown under `label` (a <dt>) on the page. */
async function figure(page, label) {
  return (await page.locator('section[aria-labelledby="h-regency"] dl div', { has: page.locator(`dt:text-is("${label}")`) }).locator('dd').innerText()).trim();
}

test('without JavaScript, /statistik shows the figures, the chart and a chosen period, and never a confidential report', { timeout: 120_000 }, async () => {
  const base = t.srv.base;
  const { version } = await (await fetch(`${base}/api/v1/catalog`)).json();
  const secretTitle = unique('Pungli di kantor desa');
  await submit(base, version, { title: unique('Jalan berlubang di Sepempang'), privacy: 'publik' });
  await submit(base, version, { title: unique('Jalan rusak dekat sekolah'), privacy: 'anonim' });
  await submit(base, version, { title: secretTitle, privacy: 'rahasia' });

  const nojs = await openBrowser({ javaScriptEnabled: false });
  try {
    const page = await nojs.context.newPage();
    await page.goto(`${base}/statistik`);
    assert.equal(await page.locator('h1').innerText(), 'Statistik pengaduan');
    assert.equal(await figure(page, 'Laporan masuk'), '3', 'all three reports count, the confidential one too');
    const text = await page.locator('body').innerText();
    assert.ok(!text.includes(secretTitle), 'a confidential report is counted, never shown');
    assert.ok(!text.includes('Siti Aminah'), 'no reporter is named');
    const chart = page.locator('svg.chart[role="img"]');
    assert.equal(await chart.count(), 1);
    assert.match(await chart.getAttribute('aria-label'), /^Laporan masuk per bulan: /);
    assert.equal(await chart.locator('rect').count(), 12, 'twelve months');
    // The desa's kecamatan (Bunguran Timur): 3 reports, 1 of its desa reported.
    const kec = page.locator('section[aria-labelledby="h-kec"] tbody tr', { has: page.locator('th:text-is("Bunguran Timur")') });
    assert.equal(await kec.count(), 1);
    const [reports, desa] = (await kec.locator('td').allInnerTexts()).map((s) => s.trim());
    assert.equal(reports, '3');
    assert.match(desa, /^1 dari \d+$/);
    // Readable at 360 px: nothing wider than the screen (wide tables scroll inside their box).
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `page is ${width}px wide`);

    // Choosing a period is a plain form: the month of the reports shows them, an older year none.
    const now = new Date(Date.now() + 7 * 3600_000);
    const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    await page.selectOption('#periode', month);
    await page.click('button:has-text("Tampilkan")');
    await page.waitForURL(`**/statistik?periode=${month}`);
    assert.equal(await figure(page, 'Laporan masuk'), '3');
    const lastYear = String(now.getUTCFullYear() - 1);
    await page.goto(`${base}/statistik?periode=${lastYear}`);
    assert.match(await page.locator('#h-regency').innerText(), new RegExp(lastYear));
    assert.equal(await figure(page, 'Laporan masuk'), '0');
    // A period that does not exist is a clear error, not a blank page.
    const bad = await page.goto(`${base}/statistik?periode=2026-13`);
    assert.equal(bad.status(), 422);
    assert.match(await page.locator('body').innerText(), /Periode "2026-13" tidak dikenali/);
  } finally {
    await nojs.close();
  }
});

test('/statistik has no accessibility violations (axe-core, WCAG 2.1 A and AA)', { timeout: 120_000 }, async () => {
  // axe is injected as a script, which the page's Content-Security-Policy rightly forbids.
  const b = await openBrowser({ bypassCSP: true });
  try {
    const page = await b.context.newPage();
    await page.goto(`${t.srv.base}/statistik`);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const result = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    const found = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
    assert.deepEqual(found, []);
    assert.ok(result.passes.length > 10, 'axe really ran');
  } finally {
    await b.close();
  }
});
