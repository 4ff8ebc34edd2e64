// Lapor Natuna's service worker, made by the server from the citizen bundle it serves.
// The cache version and the file list are filled in by server/src/assets.rs (`service_worker`),
// which serves it without comments and indentation.
const CACHE = "lapor-__VERSION__";
const FILES = __FILES__;
// Status pages (/lacak/<code>) seen on this phone, the newest ten, for reading offline.
const SAVED = "lapor-status";
self.addEventListener("install", (e) => e.waitUntil(
  caches.open(CACHE).then((c) => c.addAll(["/lapor", ...FILES])).then(() => self.skipWaiting())));
self.addEventListener("activate", (e) => e.waitUntil(
  caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("lapor-") && k !== CACHE && k !== SAVED).map((k) => caches.delete(k))))
    .then(() => self.clients.claim())));
// From the network, an answer copied into cache `name` under `key` (then `keep` runs on that
// cache); the copy (through `show`) when there is no network, or no answer within `wait` ms.
function first(request, name, key, wait, show, keep) {
  const copy = () => caches.open(name).then((c) => c.match(key)).then((hit) => hit && show(hit));
  const net = fetch(request).then((r) => {
    if (r.ok && new URL(request.url).pathname === key) {
      // Now: the page starts reading the body at once.
      const kept = r.clone();
      caches.open(name).then((c) => c.put(key, kept).then(() => keep(c)));
    }
    return r;
  });
  const late = new Promise((resolve) => setTimeout(resolve, wait)).then(copy);
  return Promise.race([net.catch(() => copy().then((hit) => hit || net)), late.then((hit) => hit || net)]);
}
// A saved status page as a still page: no scripts (the app would ask the dead network), and a
// note that it is the last status seen, and when.
function still(hit) {
  const at = new Date(hit.headers.get("date") || Date.now()).toLocaleString("id-ID", { dateStyle: "long", timeStyle: "short" });
  const note = `<p class="notice" role="status"><b>Tidak ada koneksi.</b> Ini status terakhir yang tersimpan di ponsel ini, dilihat ${at}. Status terbaru tampil saat Anda kembali online. <i lang="en">Offline: the last status saved on this phone.</i></p>`;
  return hit.text().then((html) => new Response(
    html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<link[^>]*preload[^>]*>/g, "").replace(/<main[^>]*>/, (m) => m + note),
    { headers: { "content-type": "text/html; charset=utf-8" } }));
}
const newest = (c) => c.keys().then((keys) => Promise.all(keys.slice(0, -10).map((k) => c.delete(k))));
self.addEventListener("fetch", (e) => {
  const r = e.request;
  const url = new URL(r.url);
  const path = url.pathname;
  if (r.method !== "GET" || url.origin !== location.origin) return;
  if (r.mode === "navigate") {
    // The home page offline: the app drawn from the report page's shell.
    if (path === "/lapor" || path === "/") e.respondWith(first(r, CACHE, "/lapor", 5000, (hit) => hit, () => {}));
    else if (/^\/lacak\/[\w-]+$/.test(path)) e.respondWith(first(r, SAVED, path, 10000, still, newest));
  } else if (FILES.includes(path)) {
    e.respondWith(caches.open(CACHE).then((c) => c.match(path).then((hit) => hit || fetch(r).then((a) => {
      if (a.ok) c.put(path, a.clone());
      return a;
    }))));
  }
});
