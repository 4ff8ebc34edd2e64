//! Headers every response gets (security policy, framing, caching of officers' data, HSTS), and
//! the rule that every error of the API is JSON in the reader's language: the framework's own
//! refusals (a body that is not JSON, a wrong method, a timeout) are rewritten as `ErrorBody`.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Security headers on every response. Framing is refused everywhere except the embed page,
/// which the configured origins may frame.
pub async fn security(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_string();
    let embed = path == "/embed" || path.starts_with("/embed/");
    let officers = path.starts_with("/api/v1/petugas/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if officers {
        // Officers' data never stays in a browser's or a proxy's cache.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.cfg.secure_cookies() {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    if is_subresource(h) {
        // The policies below govern documents; a script, style sheet or wasm module loaded by
        // a page ignores them, and on a first visit over 2G they cost ≈650 bytes per file.
        return res;
    }
    h.insert(
        "referrer-policy",
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("geolocation=(self), camera=(self), microphone=()"),
    );
    let ancestors = if embed {
        let origins = state.cfg.embed_origins().join(" ");
        format!("'self' {origins}")
    } else {
        h.insert("x-frame-options", HeaderValue::from_static("DENY"));
        "'none'".to_string()
    };
    // What default-src already says (connect-src, font-src: 'self') is not repeated: these bytes go
    // with every page, on the first visit too.
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}",
        state.assets.script_hashes(&path)
    );
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert("content-security-policy", v);
    }
    res
}

/// A response only a page loads (a script, a style sheet, a wasm module, the manifest, a
/// raster image): never a document that runs anything, so the document policies (CSP, framing,
/// opener, permissions, referrer) do nothing on it. Not SVG or HTML, which open as documents;
/// not JSON, which a browser may show as one.
pub(crate) fn is_subresource(h: &axum::http::HeaderMap) -> bool {
    h.get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|c| c.split(';').next().unwrap_or("").trim())
        .is_some_and(|c| {
            matches!(
                c,
                "application/wasm"
                    | "text/css"
                    | "text/javascript"
                    | "application/javascript"
                    | "application/manifest+json"
                    | "image/png"
                    | "image/jpeg"
                    | "image/webp"
            )
        })
}

/// The framework's plain-text refusals on `/api/…` become `ErrorBody`, in the reader's language.
pub async fn json_errors(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let (parts, body) = req.into_parts();
    let lang = crate::lang_of(&parts);
    let res = next.run(Request::from_parts(parts, body)).await;
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json"));
    if !api || is_json || !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let detail = match axum::body::to_bytes(res.into_body(), 4096).await {
        Ok(b) => domain::text::shown(&String::from_utf8_lossy(&b)),
        Err(_) => String::new(),
    };
    let (code, id, en) = match status {
        StatusCode::BAD_REQUEST => ("bad_request", "Permintaan tidak dapat dibaca. Kirim data JSON yang valid.".to_string(), format!("The request cannot be read ({detail}). Send valid JSON.")),
        StatusCode::UNPROCESSABLE_ENTITY => ("invalid_type", "Ada isian yang jenisnya salah (misalnya angka di tempat teks). Periksa data yang dikirim.".to_string(), format!("A field has the wrong type ({detail}).")),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", "Kirim data sebagai application/json.".to_string(), "Send the data as application/json.".to_string()),
        StatusCode::PAYLOAD_TOO_LARGE => ("too_large", "Kiriman terlalu besar.".to_string(), "The request is too large.".to_string()),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "Metode HTTP ini tidak tersedia untuk alamat ini.".to_string(), "This HTTP method is not available for this address.".to_string()),
        StatusCode::NOT_FOUND => ("not_found", "Alamat API ini tidak ada.".to_string(), "This API address does not exist.".to_string()),
        StatusCode::REQUEST_TIMEOUT => ("timeout", "Permintaan terlalu lama dan dihentikan. Periksa koneksi lalu coba lagi.".to_string(), "The request took too long and was stopped. Check the connection and try again.".to_string()),
        _ => ("error", "Permintaan tidak dapat diproses.".to_string(), "The request cannot be processed.".to_string()),
    };
    ApiError::new(status, code, id, en)
        .lang(lang)
        .into_response()
}
