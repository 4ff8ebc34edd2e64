//! A small client-side router: a bundle's few pages do not need a routing framework, and leaving
//! one out keeps the wasm small for 2G (leptos_router would add ≈36 KB brotli to the citizen's).
//! The address is two signals (path and query); same-origin link clicks and `navigate` push
//! history entries; the back button (popstate) updates the signals. Each bundle (citizen,
//! tracking, officers) handles its own paths; a link to another's is a normal page load, so a
//! bundle is only downloaded by those who go there.

use crate::util;
use leptos::prelude::*;
use std::sync::OnceLock;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

#[derive(Clone, Copy)]
pub struct Location {
    pub path: RwSignal<String>,
    /// `?a=b` or empty.
    pub search: RwSignal<String>,
}

static LOCATION: OnceLock<Location> = OnceLock::new();
/// The paths this bundle renders.
static SCOPE: OnceLock<fn(&str) -> bool> = OnceLock::new();

fn in_scope(path: &str) -> bool {
    SCOPE.get().is_none_or(|f| f(path))
}

pub fn location() -> Location {
    *LOCATION.get().expect("router::init ran")
}

fn read() -> (String, String) {
    let l = util::window().location();
    (
        l.pathname().unwrap_or_else(|_| "/".into()),
        l.search().unwrap_or_default(),
    )
}

fn sync() {
    let (p, s) = read();
    let loc = location();
    if loc.path.get_untracked() != p {
        loc.path.set(p);
    }
    if loc.search.get_untracked() != s {
        loc.search.set(s);
    }
}

pub fn init(scope: fn(&str) -> bool) {
    let _ = SCOPE.set(scope);
    let (p, s) = read();
    let _ = LOCATION.set(Location {
        path: RwSignal::new(p),
        search: RwSignal::new(s),
    });
    let w = util::window();
    let pop = Closure::<dyn Fn()>::new(sync);
    let _ = w.add_event_listener_with_callback("popstate", pop.as_ref().unchecked_ref());
    pop.forget();
    let click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(on_click);
    let _ =
        util::document().add_event_listener_with_callback("click", click.as_ref().unchecked_ref());
    click.forget();
}

/// Takes over plain clicks on links to our own pages; anything else the browser handles.
fn on_click(ev: web_sys::MouseEvent) {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return;
    }
    let Some(a) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a[href]").ok().flatten())
    else {
        return;
    };
    if a.has_attribute("download")
        || a.get_attribute("target")
            .is_some_and(|t| !t.is_empty() && t != "_self")
    {
        return;
    }
    let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() else {
        return;
    };
    if a.origin() != util::origin() {
        return;
    }
    let path = a.pathname();
    if path.starts_with("/api/") || path.contains('.') || !in_scope(&path) {
        return;
    }
    ev.prevent_default();
    navigate(&format!("{path}{}{}", a.search(), a.hash()));
}

/// Goes to a page of the app, adding a history entry.
pub fn navigate(url: &str) {
    let w = util::window();
    let path = url.split(['?', '#']).next().unwrap_or(url);
    if !in_scope(path) {
        let _ = w.location().set_href(url);
        return;
    }
    if let Ok(h) = w.history() {
        if h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
            .is_err()
        {
            let _ = w.location().set_href(url);
            return;
        }
    }
    sync();
    w.scroll_to_with_x_and_y(0.0, 0.0);
}

/// Changes the address without a new history entry (to record where a restored draft is).
pub fn replace(url: &str) {
    if let Ok(h) = util::window().history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
    sync();
}

/// A query parameter of the current address (tracked).
pub fn query(key: &str) -> Option<String> {
    let s = location().search.get();
    web_sys::UrlSearchParams::new_with_str(&s)
        .ok()?
        .get(key)
        .filter(|v| !v.is_empty())
}
