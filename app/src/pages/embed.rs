//! Embed: the reporting form alone, compact, for an iframe on the Pemkab's or an OPD's website
//! (see public/embed.js). Query parameters preselect a topic (`topic`), a category (`category`)
//! or limit the choices to one OPD (`opd`). The page tells its host how tall it is, so the
//! iframe never scrolls inside.

use crate::pages::lapor::ReportFlow;
use crate::state::app_state;
use crate::util;
use domain::catalog;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Sends `{type, height}` to the page that embeds this one (no-op when not in an iframe).
pub fn post_to_host(kind: &str, height: f64) {
    let w = util::window();
    let Ok(Some(parent)) = w.parent() else { return };
    if parent == w {
        return;
    }
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"type".into(), &kind.into());
    let _ = js_sys::Reflect::set(&msg, &"height".into(), &height.into());
    // Only a height: nothing private crosses, so any host may read it.
    let _ = parent.post_message(&msg, "*");
}

fn post_height() {
    if let Some(body) = util::document().body() {
        post_to_host(
            "lapor-natuna:height",
            body.get_bounding_client_rect().height().ceil(),
        );
    }
}

fn watch_height() {
    let Some(body) = util::document().body() else {
        return;
    };
    let cb = wasm_bindgen::closure::Closure::<dyn Fn()>::new(post_height);
    if let Ok(ro) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        ro.observe(&body);
        std::mem::forget(ro);
    }
    cb.forget();
    post_height();
}

#[component]
pub fn Embed() -> impl IntoView {
    let app = app_state();
    let search = util::window().location().search().unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let param = |k: &str| {
        params
            .as_ref()
            .and_then(|p| p.get(k))
            .filter(|v| !v.is_empty())
    };
    if app.draft.with_untracked(|d| d.category.is_empty()) {
        if let Some(c) = param("category")
            .or_else(|| param("kategori"))
            .and_then(|c| catalog::category(&c))
        {
            app.draft.update(|d| {
                d.category = c.code.to_string();
                d.topic = c.topic().code.to_string();
            });
        } else if let Some(tp) = param("topic")
            .or_else(|| param("topik"))
            .and_then(|c| catalog::topic(&c))
        {
            app.draft.update(|d| d.topic = tp.code.to_string());
        }
    }
    let opd = param("opd").and_then(|u| catalog::unit(&u));
    if let Some(html) = util::document().document_element() {
        let _ = html.class_list().add_1("embed");
    }
    watch_height();
    move || {
        crate::i18n::watch();
        untrack(move || {
            view! {
                <header class="embed-head">
                    <span class="brand">"Lapor Natuna"</span>
                    <crate::LangSwitch/>
                </header>
                <main id="main">
                    <ReportFlow embed=true opd=opd/>
                </main>
            }
        })
    }
}
