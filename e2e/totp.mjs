// Two-step sign-in in the end-to-end tests, as an officer's phone does it: RFC 6238 codes
// (HMAC-SHA1, 30-second steps, 6 digits) from the secret shown at enrolment, each step's code
// used once. `browserLogin` logs in through the officers' app (enrolling when the role must);
// `apiLogin` does the same over the JSON API.
import { createHmac } from 'node:crypto';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function fromBase32(s) {
  const out = [];
  let buf = 0;
  let bits = 0;
  for (const c of s.replace(/[\s=]/g, '').toUpperCase()) {
    const v = B32.indexOf(c);
    if (v < 0) throw new Error(`not base32: ${s}`);
    buf = (buf << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((buf >> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

export function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', secret).update(counter).digest();
  const o = h[19] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** Each officer's authenticator: its secret and the last step whose code it gave. */
const phones = new Map();

function enrolled(key, secretBase32) {
  const step = Math.floor(Date.now() / 30_000);
  phones.set(key, { secret: fromBase32(secretBase32), last: step });
  return totp(phones.get(key).secret, step);
}

/** The code the phone shows next (waiting for a fresh step when this one's was used). */
async function nextCode(key) {
  const p = phones.get(key);
  if (!p) throw new Error(`no authenticator for ${key}`);
  for (;;) {
    const now = Math.floor(Date.now() / 30_000);
    const step = Math.max(now, p.last + 1);
    if (step <= now + 1) {
      p.last = step;
      return totp(p.secret, step);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Logs in at /petugas; enrols the authenticator first when the role must have one. */
export async function browserLogin(page, base, username, password, { ready } = {}) {
  const key = `${base} ${username}`;
  await page.goto(`${base}/petugas`);
  if (ready) await ready(page);
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await page.click('.login button[type=submit]');
  const next = await Promise.race([
    page.waitForSelector('h1:has-text("Antrean laporan")').then(() => 'queue'),
    page.waitForSelector('#totp-start').then(() => 'enrol'),
    page.waitForSelector('#f-otp').then(() => 'code'),
  ]);
  if (next === 'code') {
    await page.fill('#f-otp', await nextCode(key));
    await page.click('.login button[type=submit]');
  } else if (next === 'enrol') {
    await page.click('#totp-start');
    const secret = (await page.locator('#totp-secret').innerText()).replace(/\s/g, '');
    await page.fill('#f-totp-code', enrolled(key, secret));
    await page.click('.totp form button[type=submit]');
    await page.waitForSelector('#recovery-codes li');
    await page.click('#totp-done');
  }
  await page.waitForSelector('h1:has-text("Antrean laporan")');
}

/** Logs in over the API: `{ cookie, csrf }`, enrolling first when the role must. */
export async function apiLogin(base, username, password) {
  const key = `${base} ${username}`;
  const post = (body) => fetch(`${base}/api/v1/petugas/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  let r = await post({ username, password });
  if (r.status === 401 && (await r.clone().json()).error?.code === 'otp_required') {
    r = await post({ username, password, otp: await nextCode(key) });
  }
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const session = await r.json();
  const csrf = session.csrf_token;
  if (session.must_enrol_totp) {
    const headers = { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' };
    const setup = await (await fetch(`${base}/api/v1/petugas/totp/setup`, { method: 'POST', headers })).json();
    const c = await fetch(`${base}/api/v1/petugas/totp/confirm`, {
      method: 'POST', headers, body: JSON.stringify({ code: enrolled(key, setup.secret) }),
    });
    if (c.status !== 200) throw new Error(`enrol ${username}: ${c.status} ${await c.text()}`);
  }
  return { cookie, csrf };
}
