//! The reader's language. Indonesian first; English on request, remembered in localStorage and in
//! a `lang` cookie so the server's own pages follow it too.

use crate::{storage, util};
use domain::Lang;
use leptos::prelude::*;
use std::sync::OnceLock;

static LANG: OnceLock<RwSignal<Lang>> = OnceLock::new();

fn initial() -> Lang {
    let query = util::window().location().search().unwrap_or_default();
    if let Some(v) = query
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("lang="))
    {
        return Lang::from_header(v);
    }
    if let Some(v) = storage::get(storage::LANG) {
        return Lang::from_header(&v);
    }
    // The server wrote the reader's Accept-Language into <html lang>.
    let html = util::document()
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .unwrap_or_default();
    Lang::from_header(&html)
}

pub fn init() {
    let lang = initial();
    let _ = LANG.set(RwSignal::new(lang));
    apply(lang);
}

fn apply(lang: Lang) {
    if let Some(el) = util::document().document_element() {
        let _ = el.set_attribute("lang", lang.code());
    }
    let cookie = format!(
        "lang={}; path=/; max-age=31536000; SameSite=Lax",
        lang.code()
    );
    let _ = js_sys::Reflect::set(&util::document(), &"cookie".into(), &cookie.into());
}

/// The current language. Untracked on purpose: pages are rendered with static text and the
/// whole page is rendered again when the language changes (see `watch`), which keeps the wasm
/// far smaller than a reactive closure around every string.
pub fn lang() -> Lang {
    LANG.get().map(|s| s.get_untracked()).unwrap_or_default()
}

pub fn lang_untracked() -> Lang {
    lang()
}

/// The current language, tracked: the page shell calls it to re-render on a switch.
pub fn watch() -> Lang {
    LANG.get().map(|s| s.get()).unwrap_or_default()
}

pub fn set_lang(lang: Lang) {
    if let Some(s) = LANG.get() {
        s.set(lang);
    }
    storage::set(storage::LANG, lang.code());
    apply(lang);
}

/// Picks the text for the current language.
pub fn t(id: &'static str, en: &'static str) -> &'static str {
    match lang() {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// A catalog text in the current language.
pub fn tx(text: domain::Text) -> &'static str {
    text.get(lang())
}
