//! Public reads served from memory with exact invalidation. A report's view is kept per language
//! (with the day it was built on, as "3 hari kerja lagi" changes overnight) and each public list
//! page by its query. Every committed transaction that changed a report removes that report's
//! views and every list page before its commit returns (`store::Tx::commit`); other server
//! instances on the same PostgreSQL hear of it through `NOTIFY` (`store::changes`), and while
//! that channel is not connected nothing is served from memory. So a read that hits costs no
//! query at all, and nothing stale is ever served.
//!
//! An entry is only kept if no change happened while it was being built (a generation ticket
//! taken before its read), so a slow read can never put back what a write just removed. Each
//! entry's version (the report's or the lists' change number, the language, the day) is also its
//! `ETag`, the same on every instance, so a browser that has it gets `304 Not Modified`.

use axum::body::Bytes;
use domain::Lang;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// A kept answer: its version (the `ETag`) and its bytes.
#[derive(Clone)]
pub struct Kept {
    pub version: String,
    pub body: Bytes,
}

#[derive(Default)]
struct Inner {
    /// Bumped by every change: an entry built under an older ticket is not kept.
    generation: u64,
    /// (report id, language) → (day, kept view).
    views: HashMap<(i64, Lang), (i32, Kept)>,
    /// A list page's key (language and query) → kept page.
    lists: HashMap<String, Kept>,
    /// Tracking code → report id (a code never changes its report).
    ids: HashMap<String, i64>,
}

pub struct Cache {
    inner: Mutex<Inner>,
    cap: usize,
    /// Whether every change is heard of (always on SQLite; on PostgreSQL while the listener is
    /// connected).
    live: AtomicBool,
}

/// Taken before a read that may be kept.
#[derive(Clone, Copy)]
pub struct Ticket(u64);

impl Cache {
    pub fn new(cap: usize) -> Cache {
        Cache {
            inner: Mutex::default(),
            cap,
            live: AtomicBool::new(false),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the cache may answer: every change reaches it. Turning it on or off forgets all.
    pub fn set_live(&self, live: bool) {
        self.clear();
        self.live.store(live, Ordering::SeqCst);
    }

    fn is_live(&self) -> bool {
        self.live.load(Ordering::SeqCst)
    }

    pub fn ticket(&self) -> Ticket {
        Ticket(self.lock().generation)
    }

    pub fn id_of(&self, code: &str) -> Option<i64> {
        self.lock().ids.get(code).copied()
    }

    pub fn view(&self, id: i64, lang: Lang, day: i32) -> Option<Kept> {
        if !self.is_live() {
            return None;
        }
        self.lock()
            .views
            .get(&(id, lang))
            .filter(|(d, _)| *d == day)
            .map(|(_, k)| k.clone())
    }

    pub fn list(&self, key: &str) -> Option<Kept> {
        if !self.is_live() {
            return None;
        }
        self.lock().lists.get(key).cloned()
    }

    pub fn put_view(&self, t: Ticket, code: &str, id: i64, lang: Lang, day: i32, kept: Kept) {
        let mut g = self.lock();
        if g.generation != t.0 || !self.is_live() {
            return;
        }
        if g.views.len() >= self.cap {
            // Bounded memory: start over rather than track use (a miss costs one rebuild).
            g.views.clear();
        }
        if g.ids.len() >= self.cap {
            g.ids.clear();
        }
        g.ids.insert(code.to_string(), id);
        g.views.insert((id, lang), (day, kept));
    }

    pub fn put_list(&self, t: Ticket, key: String, kept: Kept) {
        let mut g = self.lock();
        if g.generation != t.0 || !self.is_live() {
            return;
        }
        if g.lists.len() >= self.cap {
            g.lists.clear();
        }
        g.lists.insert(key, kept);
    }

    /// Reports `ids` changed (committed): their views and every list page go.
    pub fn changed(&self, ids: &[i64]) {
        if ids.is_empty() {
            return;
        }
        let mut g = self.lock();
        g.generation += 1;
        for id in ids {
            for lang in [Lang::Id, Lang::En] {
                g.views.remove(&(*id, lang));
            }
        }
        g.lists.clear();
    }

    /// Forgets everything (a change may have been missed).
    pub fn clear(&self) {
        let mut g = self.lock();
        g.generation += 1;
        g.views.clear();
        g.lists.clear();
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
