// First visit to /lapor, as a citizen's phone does it: how many compressed bytes cross the
// network (HTML, CSS, JS, wasm, fonts, icons), and how long until the page is usable on a slow
// connection (the server's no-JavaScript form, first paint) and until the app has taken over.
//
//   node bench/first-visit.mjs [--runs 5] [--base http://127.0.0.1:8080] [--path /lapor]
//
// --path measures another page (/, /lacak/KODE, /laporan, /petugas: each loads its own bundle).
// On /lapor it also measures what reaching the problem step adds (the suggestion model, fetched
// then and not on the first visit).
//
// Without --base it starts target/release/server (or SERVER_BIN) on a free port with dist/.
// Prints per-run figures and the medians. A benchmark, not a test: it asserts nothing.
import { chromium } from '../e2e/node_modules/playwright-core/index.mjs';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const runs = Number(opt('--runs', 5));
const path = opt('--path', '/lapor');
let base = opt('--base', null);
let server;

if (!base) {
  const bin = process.env.SERVER_BIN || join(root, 'target/release/server');
  server = spawn(bin, [], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(tmpdir(), 'lapor-bench-')), DIST_DIR: join(root, 'dist'), RUST_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  base = await new Promise((resolve, reject) => {
    server.stdout.on('data', (d) => { const m = String(d).match(/http:\/\/[0-9.:]+/); if (m) resolve(m[0]); });
    server.on('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
  // Wait until the assets are compressed (the server compresses them in the background).
  let compressed = false;
  for (let i = 0; i < 1200 && !compressed; i++) {
    compressed = (await (await fetch(`${base}/healthz`)).json()).assets_compressed;
    if (!compressed) await new Promise((r) => setTimeout(r, 100));
  }
  if (!compressed) console.error('WARNING: the server has not finished compressing its assets; sizes are too large');
}

// Chrome DevTools' "Slow 3G" and "Fast 3G" presets.
const profiles = {
  'slow-3g': { latency: 400 * 5 / 4, downloadThroughput: (400 * 1000) / 8 * 0.8, uploadThroughput: (400 * 1000) / 8 * 0.8 },
  'fast-3g': { latency: 150 * 3.75, downloadThroughput: (1.6 * 1000 * 1000) / 8 * 0.9, uploadThroughput: (750 * 1000) / 8 * 0.9 },
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});

async function visit(profile) {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (profile) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profiles[profile] });
  const perRequest = new Map();
  const urls = new Map();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => perRequest.set(e.requestId, e.encodedDataLength));
  const t0 = Date.now();
  await page.goto(`${base}${path}`, { waitUntil: 'commit' });
  await page.waitForSelector('#fallback *, #app *', { timeout: 120000 });
  const usable = Date.now() - t0;
  await page.waitForFunction(() => !document.querySelector('#fallback') && document.querySelector('#app')?.children.length > 0, null, { timeout: 180000 });
  const app = Date.now() - t0;
  await page.waitForLoadState('networkidle');
  const bytes = [...perRequest.values()].reduce((a, b) => a + b, 0);
  const byType = {};
  for (const [id, n] of perRequest) {
    const u = urls.get(id) || '';
    const ext = (u.split('?')[0].match(/\.([a-z0-9]+)$/) || [, 'html'])[1];
    byType[ext] = (byType[ext] || 0) + n;
  }
  const requests = perRequest.size;
  let problemStep = null;
  if (path === '/lapor' && !profile) {
    const before = new Set(perRequest.keys());
    const model = page.waitForResponse((r) => r.url().includes('/suggest-model-'));
    await page.check('#f-type');
    await page.click('.nav-buttons button.primary');
    await model;
    await page.waitForLoadState('networkidle');
    problemStep = [...perRequest].filter(([id]) => !before.has(id)).reduce((a, [, n]) => a + n, 0);
  }
  await context.close();
  return { bytes, usable, app, byType, requests, problemStep };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const results = {};
for (const profile of [null, 'fast-3g', 'slow-3g']) {
  const name = profile || 'unthrottled';
  const rs = [];
  for (let i = 0; i < runs; i++) rs.push(await visit(profile));
  results[name] = rs;
  console.log(`${name}: transfer ${median(rs.map((r) => r.bytes))} B in ${rs[0].requests} requests ${JSON.stringify(rs[0].byType)}; ` +
    `form usable (first paint of the no-JS form) median ${median(rs.map((r) => r.usable))} ms; app mounted median ${median(rs.map((r) => r.app))} ms ` +
    `(runs: ${rs.map((r) => r.app).join(', ')})`);
}
await browser.close();
if (server) server.kill();
const kb = (median(results.unthrottled.map((r) => r.bytes)) / 1024).toFixed(1);
console.log(`first_visit_kb=${kb} budget_kb=250 path=${path}`);
if (path === '/lapor') {
  const step = (median(results.unthrottled.map((r) => r.problemStep)) / 1024).toFixed(1);
  console.log(`problem_step_adds_kb=${step} (the suggestion model, fetched when the problem step opens)`);
}
