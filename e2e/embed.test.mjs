// The embed snippet on another site: a page on a different origin with the one-line <script>
// gets an iframe that fits its content as the form changes, and a report can be sent from it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startServer, freePort } from './server.mjs';
import { openBrowser, watchErrors } from './browser.mjs';
import { fillReport, sendAndReadReceipt, listByTitle, unique } from './flow.mjs';

let srv;
let host;
let hostBase;
let browser;

before(async () => {
  const hostPort = await freePort();
  // A different host name as well as a different port: a cross-site embedding.
  hostBase = `http://localhost:${hostPort}`;
  srv = await startServer({ EMBED_ORIGINS: hostBase });
  host = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Dinas PUPR Natuna</title></head>
<body style="margin:0;font-family:sans-serif"><h1>Dinas PUPR Kabupaten Natuna</h1><p>Laporkan jalan rusak:</p>
<script src="${srv.base}/embed.js" data-category="jalan-rusak"></script>
<footer id="after">Alamat kantor</footer></body></html>`);
  });
  await new Promise((r) => host.listen(hostPort, '127.0.0.1', r));
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
  await new Promise((r) => (host ? host.close(r) : r()));
  await srv?.stop();
});

async function frameHeights(page) {
  const iframe = await page.$('iframe');
  const outer = (await iframe.boundingBox()).height;
  const frame = await iframe.contentFrame();
  const inner = await frame.evaluate(() => document.body.getBoundingClientRect().height);
  return { outer, inner };
}

test('the snippet embeds the form on another origin, fits its height, and sends a report', { timeout: 180_000 }, async () => {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${hostBase}/`);
  const iframe = await page.waitForSelector('iframe');
  assert.equal(new URL(await iframe.getAttribute('src')).origin, srv.base);
  assert.match(await iframe.getAttribute('src'), /\/embed\?category=jalan-rusak/);
  const frame = await iframe.contentFrame();
  await frame.waitForFunction(() => !document.getElementById('fallback') && document.querySelector('#app .flow'));

  // Fitted: the iframe is as tall as the form inside, and follows it when the form grows.
  await page.waitForFunction(async () => true);
  await frame.waitForSelector('#f-type');
  await new Promise((r) => setTimeout(r, 300));
  let h = await frameHeights(page);
  assert.ok(Math.abs(h.outer - h.inner) <= 2, `fitted at step 1: ${JSON.stringify(h)}`);
  const first = h.outer;
  await frame.check('#f-type');
  await frame.click('.nav-buttons button.primary');
  await frame.waitForSelector('.route');
  // The category came from data-category: step 2 already shows its route.
  assert.match(await frame.locator('.route').innerText(), /ditangani oleh/);
  await new Promise((r) => setTimeout(r, 300));
  h = await frameHeights(page);
  assert.ok(Math.abs(h.outer - h.inner) <= 2, `fitted at step 2: ${JSON.stringify(h)}`);
  assert.notEqual(Math.round(h.outer), Math.round(first), 'the iframe resized with its content');
  await frame.click('.nav-buttons button.secondary');
  await frame.waitForSelector('#f-type');

  const title = unique('Jalan amblas dekat pelabuhan');
  await fillReport(frame, { title, skipProblem: true });
  const code = await sendAndReadReceipt(frame);
  await new Promise((r) => setTimeout(r, 300));
  h = await frameHeights(page);
  assert.ok(Math.abs(h.outer - h.inner) <= 2, `fitted on the receipt: ${JSON.stringify(h)}`);
  assert.equal((await listByTitle(srv.base, title)).items[0]?.display_code, code);
  // The status link opens a new tab rather than navigating the iframe.
  assert.equal(await frame.getAttribute('a:has-text("Lihat status laporan")', 'target'), '_blank');
  assert.deepEqual(errors, []);
  await page.close();
});
