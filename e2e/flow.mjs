// Filling the reporting form the way a citizen does, step by step, in a page or in an iframe.
import { deflateSync } from 'node:zlib';

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A real, decodable PNG photo of one colour (the app shrinks it to a JPEG). */
export function pngPhoto(width = 320, height = 240, [r, g, b] = [30, 120, 200]) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([r, (g + x) & 0xff, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const next = (scope) => scope.click('.nav-buttons button.primary');

/**
 * Goes through steps 1–5 and stops on the review (step 6).
 * `scope` is a Page or a Frame showing /lapor or /embed at step 1.
 */
export async function fillReport(scope, { title, privacy = 'publik', name = 'Budi Santoso', phone = '0812 3456 7890', search = 'jln rusak', photo = false, skipProblem = false } = {}) {
  await scope.waitForSelector('#f-type');
  await scope.check('#f-type');
  await next(scope);
  await scope.waitForSelector('#f-category');
  if (!skipProblem) {
    await scope.fill('#f-category', search);
    await scope.click('.results button >> nth=0');
  }
  await scope.waitForSelector('.route');
  await next(scope);
  await scope.waitForSelector('#f-kecamatan');
  await scope.selectOption('#f-kecamatan', { index: 1 });
  await scope.selectOption('#f-location-desa', { index: 1 });
  await scope.fill('#f-location-detail', 'Depan SD Negeri 1');
  await next(scope);
  await scope.waitForSelector('#f-title');
  await scope.fill('#f-title', title);
  await scope.fill('#f-body', 'Jalan di depan sekolah berlubang besar sejak dua minggu lalu, motor sering jatuh saat hujan.');
  if (photo) {
    await scope.setInputFiles('#f-attachments', { name: 'jalan.png', mimeType: 'image/png', buffer: pngPhoto() });
    await scope.waitForSelector('.previews img');
  }
  await next(scope);
  await scope.waitForSelector('input[name=privacy]');
  await scope.check(`input[name=privacy][value=${privacy}]`);
  if (name) await scope.fill('#f-reporter-name', name);
  if (phone) await scope.fill('#f-reporter-phone', phone);
  await next(scope);
  await scope.waitForSelector('text=Periksa dan kirim');
}

/** Sends from the review and returns the receipt's tracking code as displayed. */
export async function sendAndReadReceipt(scope) {
  await scope.click('button:has-text("Kirim laporan")');
  await scope.waitForSelector('#receipt-code', { timeout: 30_000 });
  return (await scope.locator('#receipt-code').innerText()).trim();
}

/** The public list's answer for a search (JSON API). */
export async function listByTitle(base, title) {
  const r = await fetch(`${base}/api/v1/reports?q=${encodeURIComponent(title)}`);
  if (!r.ok) throw new Error(`list: ${r.status} ${await r.text()}`);
  return r.json();
}

export const unique = (prefix) => `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
