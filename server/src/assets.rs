//! The trunk-built app (`dist/`): loaded into memory at start with the compressed copies
//! `scripts/build-app.sh` made (else compressed once, brotli and gzip, in the background), served with long-lived caching for hashed files and `no-cache` for pages.
//! `index.html` is a template: the server puts its no-JavaScript page into `<!--FALLBACK-->`, so
//! the first paint is usable before (or without) the wasm. The other bundles have their own
//! templates: `pantau/index.html` (`/lacak/…`, `/laporan`) and `petugas/index.html` (`/petugas/…`).

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// Where the app finds the suggestion model of this build (`domain::suggest::MODEL_VERSION`).
pub fn model_path() -> String {
    format!("/suggest-model-{}.txt", domain::suggest::MODEL_VERSION)
}

pub struct Asset {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub etag: String,
    /// Content-hashed file name: cache for a year.
    pub immutable: bool,
    pub br: OnceLock<Vec<u8>>,
    pub gz: OnceLock<Vec<u8>>,
}

pub struct Assets {
    files: HashMap<String, Asset>,
    index: Option<String>,
    /// The tracking bundle (`dist/pantau/index.html`): `/lacak/…`, `/laporan`.
    tracking_index: Option<String>,
    /// The officers' app (`dist/petugas/index.html`).
    officer_index: Option<String>,
    /// `<head>` links (stylesheets) for pages served without the app.
    plain_head: String,
    /// `<meta name="lapor-limits">`: the operator's limits, read by the app (`wire::LIMITS_META`).
    limits_meta: String,
    /// The inline scripts each bundle's page may run (CSP hashes): citizen, tracking, officers.
    script_hashes: [String; 3],
    compressed: std::sync::atomic::AtomicBool,
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn compressible(ct: &str) -> bool {
    ct.starts_with("text/")
        || ct.contains("javascript")
        || ct.contains("wasm")
        || ct.contains("json")
        || ct.contains("svg")
}

/// trunk names hashed files `name-0123456789abcdef.ext` (or `_bg.wasm`).
fn is_hashed(name: &str) -> bool {
    let stem = name.rsplit('/').next().unwrap_or(name);
    stem.split(['-', '.', '_'])
        .any(|part| part.len() >= 16 && part.chars().all(|c| c.is_ascii_hexdigit()))
}

fn inline_script_hashes(html: &str) -> String {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body_start = open_end + 1;
        let Some(close) = after[body_start..].find("</script>") else {
            break;
        };
        let body = &after[body_start..body_start + close];
        if !tag.contains(" src=") && !body.trim().is_empty() {
            let digest = Sha256::digest(body.as_bytes());
            out.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &after[body_start + close..];
    }
    out.join(" ")
}

/// `/sw.js`: the citizen app offline. Its version names the citizen bundle's files (hashed by
/// trunk), the suggestion model and the catalog, so a new build or catalog is a new cache and the
/// old one is deleted when the new worker takes over: no mixing of versions. `/lapor` and `/`
/// are fetched from the network first (the cached `/lapor`, whose app draws either, when there
/// is no answer within 5 s); the
/// bundle's files and the model from the cache first; a status page (`/lacak/<code>`) from the
/// network, its last copy kept for reading offline. Officers' pages, the API and everything else
/// go to the network as without a worker. Served without the script's comments and indentation.
fn service_worker(files: &HashMap<String, Asset>) -> Vec<u8> {
    let mut cached: Vec<&str> = files
        .iter()
        .filter(|(path, a)| {
            (a.immutable && path.matches('/').count() == 1)
                || path.as_str() == model_path()
                // The tracking pages' style sheets: a status page saved for offline reading is
                // drawn with them.
                || (a.immutable && path.starts_with("/pantau/") && path.ends_with(".css"))
        })
        .map(|(path, _)| path.as_str())
        .collect();
    cached.sort_unstable();
    let version = hex::encode(
        &Sha256::digest(format!(
            "{}\n{}",
            domain::CATALOG_VERSION,
            cached.join("\n")
        ))[..8],
    );
    let list = serde_json::to_string(&cached).unwrap_or_else(|_| "[]".into());
    include_str!("sw.js")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
        .replacen("__VERSION__", &version, 1)
        .replacen("__FILES__", &list, 1)
        .into_bytes()
}

/// A bundle's `index.html` as a template: trunk's minified output (`--minify`, which drops the
/// `<!--FALLBACK-->` comment and quotes) back in the form `fill` expects, without what no one here
/// reads (trunk's `window.wasmBindings` and its "started" event; the `data-integrity` it leaves
/// on a style sheet): bytes of every page, the first visit's too. The CSP hashes are the result's.
fn template_of(html: &str) -> String {
    let html = html
        .replacen("import init, * as bindings from", "import init from", 1)
        .replacen("const wasm = await init(", "await init(", 1)
        .replacen(
            "\n\n\nwindow.wasmBindings = bindings;\n\n\ndispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {detail: {wasm}}));",
            "",
            1,
        )
        .replace(" data-integrity=none", "");
    let html = html
        .replacen("<html lang=id>", "<html lang=\"id\">", 1)
        .replacen("<div id=fallback></div>", "<div id=\"fallback\"></div>", 1);
    if html.contains("<!--FALLBACK-->") {
        html
    } else {
        html.replacen(
            "<div id=\"fallback\"></div>",
            "<div id=\"fallback\"><!--FALLBACK--></div>",
            1,
        )
    }
}

fn stylesheet_links(html: &str) -> String {
    let mut out = String::new();
    for part in html.split('<').skip(1) {
        if part.starts_with("link") && part.contains("stylesheet") {
            let tag = &part[..part.find('>').map(|i| i + 1).unwrap_or(part.len())];
            out.push('<');
            out.push_str(tag);
            out.push('\n');
        }
    }
    out
}

impl Assets {
    pub fn load(dir: &Path, limits: domain::report::Limits) -> Assets {
        let mut files = HashMap::new();
        fn walk(dir: &Path, base: &Path, files: &mut HashMap<String, Asset>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, base, files);
                } else if let Ok(bytes) = std::fs::read(&p) {
                    let rel = p
                        .strip_prefix(base)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/");
                    if rel.ends_with(".br") || rel.ends_with(".gz") {
                        continue;
                    }
                    let etag = format!("\"{}\"", &hex::encode(Sha256::digest(&bytes))[..20]);
                    let ct = content_type(&rel);
                    let asset = Asset {
                        content_type: ct,
                        immutable: is_hashed(&rel),
                        etag,
                        br: OnceLock::new(),
                        gz: OnceLock::new(),
                        bytes,
                    };
                    if compressible(ct) {
                        adopt_precompressed(&asset, &p);
                    }
                    files.insert(format!("/{rel}"), asset);
                }
            }
        }
        walk(dir, dir, &mut files);
        // The suggestion model, which the app fetches when the citizen reaches the problem step
        // (it is not in the wasm, to keep the first visit small); named by its version, so it
        // is cached for good and a new model gets a new address.
        // The questions' cues come after the model: the app's wasm leaves them out too.
        let model = format!(
            "{}\n{}",
            domain::suggest::MODEL,
            domain::suggest::cues_file()
        )
        .into_bytes();
        files.insert(
            model_path(),
            Asset {
                content_type: content_type(".txt"),
                immutable: true,
                etag: format!("\"{}\"", domain::suggest::MODEL_VERSION),
                bytes: model,
                br: OnceLock::new(),
                gz: OnceLock::new(),
            },
        );
        let index = files
            .remove("/index.html")
            .map(|a| template_of(&String::from_utf8_lossy(&a.bytes)));
        if index.is_some() {
            let sw = service_worker(&files);
            files.insert(
                "/sw.js".into(),
                Asset {
                    content_type: content_type(".js"),
                    immutable: false,
                    etag: format!("\"{}\"", &hex::encode(Sha256::digest(&sw))[..20]),
                    bytes: sw,
                    br: OnceLock::new(),
                    gz: OnceLock::new(),
                },
            );
        }
        if index.is_none() {
            tracing::warn!("{}/index.html not found: serving the no-JavaScript pages only (build the app with trunk)", dir.display());
        }
        let mut template = |path: &str| {
            files
                .remove(path)
                .map(|a| template_of(&String::from_utf8_lossy(&a.bytes)))
        };
        let tracking_index = template("/pantau/index.html");
        let officer_index = template("/petugas/index.html");
        let plain_head = index.as_deref().map(stylesheet_links).unwrap_or_default();
        let script_hashes = [&index, &tracking_index, &officer_index].map(|html| {
            html.as_deref()
                .map(inline_script_hashes)
                .unwrap_or_default()
        });
        Assets {
            files,
            index,
            tracking_index,
            officer_index,
            plain_head,
            limits_meta: format!(
                "<meta name=\"{}\" content=\"{}\">",
                domain::wire::LIMITS_META,
                domain::text::escape_html(&serde_json::to_string(&limits).unwrap_or_default())
            ),
            script_hashes,
            compressed: Default::default(),
        }
    }

    /// The inline scripts the page at `path` may run: its own bundle's only (a link to another
    /// bundle's page is a new page load, with that page's policy).
    pub fn script_hashes(&self, path: &str) -> &str {
        let under = |section: &str| {
            path.strip_prefix(section)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        let bundle = if under("/petugas") {
            2
        } else if under("/lacak") || under("/laporan") {
            1
        } else {
            0
        };
        &self.script_hashes[bundle]
    }

    pub fn compressed(&self) -> bool {
        self.compressed.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn has_file(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    pub fn has_app(&self) -> bool {
        self.index.is_some()
    }

    /// The app's index.html with a no-JavaScript page in it; a plain page when there is no app.
    pub fn page(&self, title: &str, fallback: &str, lang: domain::Lang) -> String {
        self.fill(self.index.as_ref(), title, fallback, lang)
    }

    /// The tracking bundle (`/lacak/…`, `/laporan`) with a no-JavaScript page in it.
    pub fn tracking_page(&self, title: &str, fallback: &str, lang: domain::Lang) -> String {
        self.fill(self.tracking_index.as_ref(), title, fallback, lang)
    }

    /// The officers' app with a no-JavaScript page in it.
    pub fn officer_page(&self, title: &str, fallback: &str, lang: domain::Lang) -> String {
        self.fill(self.officer_index.as_ref(), title, fallback, lang)
    }

    fn fill(
        &self,
        template: Option<&String>,
        title: &str,
        fallback: &str,
        lang: domain::Lang,
    ) -> String {
        match template {
            Some(index) if index.contains("<!--FALLBACK-->") => {
                let with_title = match (index.find("<title>"), index.find("</title>")) {
                    (Some(a), Some(b)) if a < b => format!(
                        "{}<title>{}</title>{}",
                        &index[..a],
                        domain::text::escape_html(title),
                        &index[b + 8..]
                    ),
                    _ => index.clone(),
                };
                with_title
                    .replacen("</head>", &format!("{}</head>", self.limits_meta), 1)
                    .replacen("<!--FALLBACK-->", fallback, 1)
                    .replacen(
                        "<html lang=\"id\"",
                        &format!("<html lang=\"{}\"", lang.code()),
                        1,
                    )
            }
            _ => self.plain_page(title, fallback, lang),
        }
    }

    /// A page without the app: for answers to the no-JavaScript form (a receipt must not be
    /// replaced by the app once it loads).
    pub fn plain_page(&self, title: &str, body: &str, lang: domain::Lang) -> String {
        format!(
            "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\"><title>{}</title>{}</head><body class=\"plain\"><div id=\"fallback\">{}</div></body></html>",
            lang.code(),
            domain::text::escape_html(title),
            self.plain_head,
            body
        )
    }
}

/// `file.br` and `file.gz` beside a file (`scripts/build-app.sh` makes them with the reference
/// brotli, ≈0.2% smaller than the brotli crate's): served from the first request after a start,
/// if each still decodes to the file itself (a stale one is left to `compress_in_background`).
fn adopt_precompressed(asset: &Asset, path: &Path) {
    let sibling = |ext: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(ext);
        std::fs::read(std::path::PathBuf::from(name)).ok()
    };
    fn decodes_to(expected: &[u8], decoder: impl std::io::Read) -> bool {
        use std::io::Read;
        let mut out = Vec::with_capacity(expected.len());
        decoder
            .take(expected.len() as u64 + 1)
            .read_to_end(&mut out)
            .is_ok()
            && out == expected
    }
    if let Some(br) = sibling(".br") {
        if decodes_to(&asset.bytes, brotli::Decompressor::new(br.as_slice(), 4096)) {
            let _ = asset.br.set(br);
        } else {
            tracing::warn!(
                "{}.br does not match its file: compressing again",
                path.display()
            );
        }
    }
    if let Some(gz) = sibling(".gz") {
        if decodes_to(&asset.bytes, flate2::read::GzDecoder::new(gz.as_slice())) {
            let _ = asset.gz.set(gz);
        }
    }
}

/// Compresses every file not compressed yet (none of a build made by `scripts/build-app.sh`;
/// the suggestion model always).
pub async fn compress_in_background(assets: Arc<Assets>) {
    let a = assets.clone();
    let _ = tokio::task::spawn_blocking(move || {
        for asset in a.files.values().filter(|f| compressible(f.content_type)) {
            if asset.br.get().is_none() {
                let mut br = Vec::new();
                {
                    let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
                    let _ = w.write_all(&asset.bytes);
                }
                let _ = asset.br.set(br);
            }
            if asset.gz.get().is_none() {
                let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                let _ = gz.write_all(&asset.bytes);
                let _ = asset.gz.set(gz.finish().unwrap_or_default());
            }
        }
        a.compressed
            .store(true, std::sync::atomic::Ordering::Relaxed);
    })
    .await;
}

fn accepts(headers: &HeaderMap, enc: &str) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|e| {
            let mut it = e.trim().split(';');
            it.next() == Some(enc) && !it.any(|p| p.trim() == "q=0")
        })
}

/// Serves a file of the app, or the app's page for a client-side route, or a 404.
pub async fn serve(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return crate::error::ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "Metode permintaan tidak didukung di alamat ini.",
            "This method is not supported here.",
        )
        .into_response();
    }
    let path = uri.path();
    let Some(asset) = state.assets.files.get(path) else {
        let lang = domain::Lang::from_header(
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or(""),
        );
        if path.starts_with("/api/") {
            return crate::error::ApiError::new(
                StatusCode::NOT_FOUND,
                "no_such_endpoint",
                "Alamat API ini tidak ada.",
                "There is no such API endpoint.",
            )
            .lang(lang)
            .into_response();
        }
        let body = crate::pages::not_found_body(lang);
        let html = state
            .assets
            .plain_page("Halaman tidak ditemukan — Lapor Natuna", &body, lang);
        return (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response();
    };
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(asset.etag.as_str())
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let (bytes, encoding) = if accepts(&headers, "br") && asset.br.get().is_some() {
        (asset.br.get().unwrap().clone(), Some("br"))
    } else if accepts(&headers, "gzip") && asset.gz.get().is_some() {
        (asset.gz.get().unwrap().clone(), Some("gzip"))
    } else {
        (asset.bytes.clone(), None)
    };
    let mut res = Response::new(Body::from(if method == Method::HEAD {
        Vec::new()
    } else {
        bytes.clone()
    }));
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    // Every header here goes with each file of a first visit: a hashed (immutable) file is never
    // revalidated, so it needs no ETag; a file with no compressed copy varies by nothing.
    if !asset.immutable {
        h.insert(header::ETAG, HeaderValue::from_str(&asset.etag).unwrap());
    }
    if asset.br.get().is_some() || asset.gz.get().is_some() {
        h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if asset.immutable {
            // No "public": with no credentials a response is storable anyway.
            "max-age=31536000, immutable"
        } else {
            "max-age=300"
        }),
    );
    if let Some(e) = encoding {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
    }
    res
}
