/* Lapor Natuna embed: <script src="https://HOST/embed.js" data-category="jalan-rusak"></script>
   Inserts the reporting form as an iframe right after this script and keeps the iframe's height
   fitted to the form (the form posts its height). Optional attributes: data-topic, data-category,
   data-opd (preselect or limit the choices), data-lang ("en"), data-title (the iframe's title). */
(function () {
  var s = document.currentScript;
  if (!s || !s.src) return;
  var origin = new URL(s.src, location.href).origin;
  var q = [];
  ["topic", "category", "opd", "lang"].forEach(function (k) {
    var v = s.getAttribute("data-" + k);
    if (v) q.push(k + "=" + encodeURIComponent(v));
  });
  var f = document.createElement("iframe");
  f.src = origin + "/embed" + (q.length ? "?" + q.join("&") : "");
  f.title = s.getAttribute("data-title") || "Formulir pengaduan Lapor Natuna";
  f.setAttribute("allow", "geolocation; clipboard-write");
  f.style.cssText = "display:block;width:100%;max-width:40rem;height:40rem;border:0;overflow:hidden";
  f.scrolling = "no";
  s.parentNode.insertBefore(f, s.nextSibling);
  window.addEventListener("message", function (e) {
    if (e.origin !== origin || e.source !== f.contentWindow || !e.data) return;
    if (e.data.type === "lapor-natuna:height" && e.data.height > 0) {
      f.style.height = Math.ceil(e.data.height) + "px";
    } else if (e.data.type === "lapor-natuna:top" && f.getBoundingClientRect().top < 0) {
      f.scrollIntoView();
    }
  });
})();
