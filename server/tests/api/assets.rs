//! Serving the app: the no-JavaScript page inside index.html, compressed hashed assets with
//! long caching, and security headers (framing only for the embed page's origins).

use crate::both_stores;
use crate::helpers::*;
use std::time::Duration;

fn fake_dist(dir: &std::path::Path) -> std::path::PathBuf {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><html lang=\"id\"><head><title>Lapor Natuna</title><link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\"><script type=\"module\">import init from '/app-0123456789abcdef.js';init('/app-0123456789abcdef_bg.wasm');</script></head><body><div id=\"fallback\"><!--FALLBACK--></div><div id=\"app\"></div></body></html>",
    )
    .unwrap();
    std::fs::write(
        dist.join("main-0123456789abcdef.css"),
        "body{color:#111}".repeat(200),
    )
    .unwrap();
    std::fs::write(
        dist.join("app-0123456789abcdef.js"),
        "export default function init(){}".repeat(200),
    )
    .unwrap();
    std::fs::write(
        dist.join("app-0123456789abcdef_bg.wasm"),
        [0u8, 97, 115, 109, 1, 0, 0, 0].repeat(5000),
    )
    .unwrap();
    std::fs::write(dist.join("embed.js"), "/* embed */".repeat(50)).unwrap();
    // The two other bundles, as scripts/build-app.sh lays them out.
    for bundle in ["pantau", "petugas"] {
        std::fs::create_dir_all(dist.join(bundle)).unwrap();
        std::fs::write(
            dist.join(bundle).join("index.html"),
            format!("<!doctype html><html lang=\"id\"><head><title>Lapor Natuna</title><script type=\"module\">import init from '/{bundle}/{bundle}-0123456789abcdef.js';init('/{bundle}/{bundle}-0123456789abcdef_bg.wasm');</script></head><body><div id=\"fallback\"><!--FALLBACK--></div><div id=\"app\"></div></body></html>"),
        )
        .unwrap();
        std::fs::write(
            dist.join(bundle)
                .join(format!("{bundle}-0123456789abcdef.js")),
            "export default function init(){}",
        )
        .unwrap();
    }
    dist
}

both_stores! {
    async fn app_pages_carry_the_no_javascript_form_and_assets_are_compressed_and_cached(db: Db) {
        let tmp = tempfile::tempdir().unwrap();
        let dist = fake_dist(tmp.path());
        let app = TestApp::spawn_with(db, &[("DIST_DIR", dist.to_str().unwrap()), ("EMBED_ORIGINS", "https://natunakab.go.id http://127.0.0.1:9")]).await;
        let page = app.get("/lapor").await;
        let csp = page.headers()["content-security-policy"].to_str().unwrap().to_string();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("'sha256-"), "{csp}");
        assert_eq!(page.headers()["x-frame-options"], "DENY");
        assert_eq!(page.headers()["x-content-type-options"], "nosniff");
        let html = page.text().await.unwrap();
        assert!(html.contains("<div id=\"fallback\">") && html.contains("action=\"/lapor\""), "the form is there before wasm");
        assert!(html.contains("app-0123456789abcdef.js"));
        // Client-side routes of the app get the app's page too.
        assert_eq!(app.get("/laporan").await.status(), 200);
        let embed = app.get("/embed").await;
        let csp = embed.headers()["content-security-policy"].to_str().unwrap().to_string();
        assert!(csp.contains("frame-ancestors 'self' https://natunakab.go.id http://127.0.0.1:9"), "{csp}");
        assert!(embed.headers().get("x-frame-options").is_none());

        let mut br = None;
        for _ in 0..100 {
            let r = app.client.get(app.url("/app-0123456789abcdef_bg.wasm")).header("accept-encoding", "gzip, br").send().await.unwrap();
            if r.headers().get("content-encoding").map(|v| v.to_str().unwrap()) == Some("br") {
                br = Some(r);
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let r = br.expect("brotli once compressed");
        assert_eq!(r.headers()["cache-control"], "max-age=31536000, immutable");
        assert_eq!(r.headers()["content-type"], "application/wasm");
        // A page's files carry no document policies (bytes on every first visit), only nosniff.
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        // Nor what a hashed file never needs: a request id to quote, an ETag to revalidate with.
        for h in ["content-security-policy", "x-frame-options", "permissions-policy", "cross-origin-opener-policy", "x-request-id", "etag"] {
            assert!(r.headers().get(h).is_none(), "{h} on the wasm");
        }
        assert!(r.bytes().await.unwrap().len() < 2000, "compressed");
        let gz = app.client.get(app.url("/main-0123456789abcdef.css")).header("accept-encoding", "gzip").send().await.unwrap();
        assert_eq!(gz.headers()["content-encoding"], "gzip");
        let plain = app.client.get(app.url("/embed.js")).header("accept-encoding", "identity").send().await.unwrap();
        assert!(plain.headers().get("content-encoding").is_none());
        assert_eq!(plain.headers()["cache-control"], "max-age=300");
        assert_eq!(app.get("/no-such-file.png").await.status(), 404);
    }
}

both_stores! {
    async fn each_page_loads_only_its_own_bundle_and_the_suggestion_model_is_fetched_apart(db: Db) {
        let tmp = tempfile::tempdir().unwrap();
        let dist = fake_dist(tmp.path());
        let app = TestApp::spawn_with(db, &[("DIST_DIR", dist.to_str().unwrap())]).await;
        // Reporting: the citizen bundle only.
        for path in ["/", "/lapor", "/embed"] {
            let html = app.get(path).await.text().await.unwrap();
            assert!(html.contains("/app-0123456789abcdef.js"), "{path}");
            assert!(!html.contains("/pantau/") && !html.contains("/petugas/"), "{path}: {html}");
        }
        // Following reports: the tracking bundle, with the server's page in it first.
        for path in ["/laporan", "/lacak", "/lacak/ABCD-EFGHJ"] {
            let r = app.get(path).await;
            let html = r.text().await.unwrap();
            assert!(html.contains("/pantau/pantau-0123456789abcdef.js"), "{path}: {html}");
            assert!(!html.contains("/app-0123456789abcdef.js"), "{path}");
            assert!(html.contains("<div id=\"fallback\"><"), "{path}: the no-JS page is inside");
        }
        // Officers: their bundle, whose files are served from under /petugas/ like its pages.
        let page = app.get("/petugas/antrian").await;
        let csp = page.headers()["content-security-policy"].to_str().unwrap().to_string();
        // Its own bundle's inline script only: each page runs its own bundle.
        assert_eq!(csp.matches("'sha256-").count(), 1, "the officers' inline script is allowed: {csp}");
        let citizen = app.get("/lapor").await.headers()["content-security-policy"].to_str().unwrap().to_string();
        let tracking = app.get("/laporan").await.headers()["content-security-policy"].to_str().unwrap().to_string();
        assert_eq!(citizen.matches("'sha256-").count(), 1, "{citizen}");
        assert_eq!(tracking.matches("'sha256-").count(), 1, "{tracking}");
        assert!(citizen != tracking && !csp.contains(&citizen[citizen.find("'sha256-").unwrap()..][..20]));
        let html = page.text().await.unwrap();
        assert!(html.contains("/petugas/petugas-0123456789abcdef.js") && !html.contains("/app-0123456789abcdef.js"));
        let js = app.get("/petugas/petugas-0123456789abcdef.js").await;
        assert_eq!(js.status(), 200);
        assert!(js.headers()["content-type"].to_str().unwrap().contains("javascript"));
        assert_eq!(js.text().await.unwrap(), "export default function init(){}");

        // The service worker keeps the citizen bundle's hashed files and the model, nothing else.
        let sw = app.get("/sw.js").await.text().await.unwrap();
        assert!(sw.contains("\"/app-0123456789abcdef_bg.wasm\"") && sw.contains("/suggest-model-"), "{sw}");
        assert!(!sw.contains("__") && !sw.contains("/petugas/petugas-") && sw.contains("const CACHE = \"lapor-"), "{sw}");

        // The suggestion model: not in any bundle, fetched by version, cached for good.
        let model = app
            .client
            .get(app.url(&format!("/suggest-model-{}.txt", domain::suggest::MODEL_VERSION)))
            .send()
            .await
            .unwrap();
        assert_eq!(model.status(), 200);
        assert_eq!(model.headers()["cache-control"], "max-age=31536000, immutable");
        // the model, then the questions' cues (left out of the app's wasm)
        let text = model.text().await.unwrap();
        assert_eq!(text, format!("{}\n{}", domain::suggest::MODEL, domain::suggest::cues_file()));
        assert!(text.contains("#cues\njenjang\t") || text.contains("\njenjang\tsma-smk-slb\t"), "the cues follow the model");
        assert_eq!(app.get("/suggest-model-0000000000000000.txt").await.status(), 404);
    }
}

both_stores! {
    async fn the_builds_compressed_files_are_served_from_the_first_request_and_a_stale_one_is_not(db: Db) {
        use std::io::Write;
        let tmp = tempfile::tempdir().unwrap();
        let dist = fake_dist(tmp.path());
        let wasm = std::fs::read(dist.join("app-0123456789abcdef_bg.wasm")).unwrap();
        // As scripts/build-app.sh leaves them: file.br beside the file (here at another quality,
        // so that it is recognisable), and a .br of the style sheet that no longer matches it.
        let mut br = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut br, 4096, 5, 22);
            w.write_all(&wasm).unwrap();
        }
        std::fs::write(dist.join("app-0123456789abcdef_bg.wasm.br"), &br).unwrap();
        let mut stale = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut stale, 4096, 5, 22);
            w.write_all(b"body{color:red}").unwrap();
        }
        std::fs::write(dist.join("main-0123456789abcdef.css.br"), &stale).unwrap();
        // index.html as `trunk build --minify` writes it: no comment, no quotes.
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><html lang=id><title>Lapor Natuna</title><link href=/main-0123456789abcdef.css rel=stylesheet><script type=module>import init from '/app-0123456789abcdef.js';init('/app-0123456789abcdef_bg.wasm');</script></head><body><div id=fallback></div><div id=app></div></body></html>",
        )
        .unwrap();
        let app = TestApp::spawn_with(db, &[("DIST_DIR", dist.to_str().unwrap())]).await;
        let page = app.client.get(app.url("/lapor")).header("accept-language", "en").send().await.unwrap().text().await.unwrap();
        assert!(page.contains("<div id=\"fallback\"><") && page.contains("action=\"/lapor\""), "the form is in the minified page: {page}");
        assert!(page.contains("app-0123456789abcdef.js") && page.contains("lapor-limits"));
        // The very first request: the build's bytes, not an uncompressed file.
        let r = app.client.get(app.url("/app-0123456789abcdef_bg.wasm")).header("accept-encoding", "br").send().await.unwrap();
        assert_eq!(r.headers()["content-encoding"], "br");
        assert_eq!(r.bytes().await.unwrap().as_ref(), br.as_slice());
        // The stale one is never served: the style sheet is the real one, compressed or not.
        let r = app.client.get(app.url("/main-0123456789abcdef.css")).header("accept-encoding", "br").send().await.unwrap();
        let encoded = r.headers().get("content-encoding").is_some();
        let body = r.bytes().await.unwrap();
        assert_ne!(body.as_ref(), stale.as_slice());
        let css = if encoded {
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut brotli::Decompressor::new(body.as_ref(), 4096), &mut out).unwrap();
            out
        } else {
            body.to_vec()
        };
        assert_eq!(css, "body{color:#111}".repeat(200).into_bytes());
    }
}
