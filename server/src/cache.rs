//! Public reads served from memory, checked against the store every time: a report's view is
//! kept with the version it was built from (its `updated_at`, the reader's language, and the day,
//! which moves the deadline's "days left"); a list page with the newest change of any report. A
//! request asks the store only for the version (one indexed lookup, like `/healthz`), and gets the
//! kept bytes when it matches: exact across several server instances, never stale. The version is
//! also the `ETag`, so a browser that has it gets `304 Not Modified`.

use axum::body::Bytes;
use std::collections::HashMap;
use std::sync::Mutex;

pub struct Cache {
    entries: Mutex<HashMap<String, (String, Bytes)>>,
    cap: usize,
}

impl Cache {
    pub fn new(cap: usize) -> Cache {
        Cache {
            entries: Mutex::new(HashMap::new()),
            cap,
        }
    }

    /// The kept bytes of `key`, if they were built for `version`.
    pub fn get(&self, key: &str, version: &str) -> Option<Bytes> {
        let map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        map.get(key)
            .filter(|(v, _)| v == version)
            .map(|(_, b)| b.clone())
    }

    pub fn put(&self, key: String, version: String, bytes: Bytes) {
        let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= self.cap && !map.contains_key(&key) {
            // Bounded memory: start over rather than track use (a miss costs one rebuild).
            map.clear();
        }
        map.insert(key, (version, bytes));
    }
}

/// `W/"<version>"`, and whether the request already has it.
pub fn etag(version: &str) -> String {
    format!("W/\"{version}\"")
}

pub fn fresh(headers: &axum::http::HeaderMap, etag: &str) -> bool {
    headers
        .get(axum::http::header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
}

/// The answer to a cached read: `304` when the request has this version, else the JSON `body`
/// (which the caller has when it is not a `304`), with the version as `ETag`. Browsers revalidate
/// every time (`no-cache`), so nothing stale is ever shown.
pub fn respond(
    headers: &axum::http::HeaderMap,
    version: &str,
    body: Option<Bytes>,
) -> axum::response::Response {
    use axum::http::{header, HeaderValue, StatusCode};
    use axum::response::IntoResponse;
    let tag = etag(version);
    let mut res = match body {
        Some(b) if !fresh(headers, &tag) => {
            ([(header::CONTENT_TYPE, "application/json")], b).into_response()
        }
        _ => StatusCode::NOT_MODIFIED.into_response(),
    };
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&tag) {
        h.insert(header::ETAG, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    res
}
