// Lapor Natuna's service worker, made by the server from the citizen bundle it serves.
// The cache version and the file list are filled in by server/src/assets.rs (`service_worker`).
const CACHE = "lapor-__VERSION__";
const FILES = __FILES__;
const PAGES = ["/lapor"];
self.addEventListener("install", (e) => e.waitUntil(
  caches.open(CACHE).then((c) => c.addAll([...PAGES, ...FILES])).then(() => self.skipWaiting())));
self.addEventListener("activate", (e) => e.waitUntil(
  caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("lapor-") && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim())));
function page(request, path) {
  const cached = () => caches.open(CACHE).then((c) => c.match(path));
  const late = new Promise((resolve) => setTimeout(resolve, 5000)).then(cached);
  const net = fetch(request).then((r) => {
    if (r.ok && new URL(request.url).pathname === path) {
      const copy = r.clone(); // now: the page starts reading the body at once
      caches.open(CACHE).then((c) => c.put(path, copy));
    }
    return r;
  });
  return Promise.race([net.catch(cached), late.then((r) => r || net)]);
}
function kept(request, path) {
  return caches.open(CACHE).then((c) => c.match(path).then((hit) => hit || fetch(request).then((r) => {
    if (r.ok) c.put(path, r.clone());
    return r;
  })));
}
self.addEventListener("fetch", (e) => {
  const r = e.request;
  if (r.method !== "GET") return;
  const url = new URL(r.url);
  const path = url.pathname;
  if (url.origin !== location.origin) return;
  if (r.mode === "navigate") {
    // The home page offline: the app drawn from the report page's shell.
    if (path === "/lapor" || path === "/") e.respondWith(page(r, "/lapor"));
    return;
  }
  if (FILES.includes(path)) e.respondWith(kept(r, path));
});
