//! Small browser helpers the pages share: clock, randomness, focus, formatting.

use crate::json::Json;
use crate::wire_read::Read;
use domain::report::Limits;
use domain::{Date, Lang};
use std::sync::OnceLock;
use wasm_bindgen::JsCast;

pub fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

pub fn document() -> web_sys::Document {
    window().document().expect("a document")
}

/// Now, in Unix seconds, from the phone's clock.
pub fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Today in Natuna (WIB), whatever time zone the phone is set to.
pub fn today() -> Date {
    Date::from_unix_wib(now_secs())
}

/// A random, uuid-shaped key from the browser's CSPRNG (used as the Idempotency-Key).
pub fn random_key() -> String {
    let mut b = [0u8; 16];
    let ok = window()
        .crypto()
        .and_then(|c| c.get_random_values_with_u8_array(&mut b))
        .is_ok();
    if !ok {
        // No Web Crypto (very old browser): Math.random is enough to tell two drafts apart.
        for x in b.iter_mut() {
            *x = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The id of a field's input (`location.desa` → `f-location-desa`).
pub fn field_id(field: &str) -> String {
    format!("f-{}", field.replace(['.', '_'], "-"))
}

pub fn error_id(field: &str) -> String {
    format!("err-{}", field.replace(['.', '_'], "-"))
}

/// Moves keyboard and screen-reader focus to an element after the view has updated.
pub fn focus_later(id: String) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(&id) {
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
                el.scroll_into_view_with_bool(true);
            }
        }
    });
}

/// "3 Desember 2026 14.05 WIB" from Unix seconds.
pub fn date_time(secs: i64, lang: Lang) -> String {
    let day = Date::from_unix_wib(secs).long(lang);
    let mins = (secs + domain::date::WIB_OFFSET_SECS).rem_euclid(86_400) / 60;
    let sep = if lang == Lang::Id { '.' } else { ':' };
    format!("{day} {:02}{sep}{:02} WIB", mins / 60, mins % 60)
}

pub fn date_only(secs: i64, lang: Lang) -> String {
    Date::from_unix_wib(secs).long(lang)
}

/// "2026-12-02" → "2 Desember 2026"; anything else is shown as it came.
pub fn long_date(ymd: &str, lang: Lang) -> String {
    Date::parse(ymd)
        .map(|d| d.long(lang))
        .unwrap_or_else(|| ymd.to_string())
}

pub use domain::text::fmt_num;

/// A kecamatan named by a list ("Bunguran Timur") as every page names a place
/// (`Region::display_name`: "Kec. Bunguran Timur"); a name the catalog does not know, as it came.
pub fn kecamatan_display(name: &str) -> String {
    domain::catalog::REGIONS
        .iter()
        .find(|r| r.kind == domain::catalog::RegionKind::Kecamatan && r.name == name)
        .map_or_else(|| name.to_string(), |r| r.display_name())
}

/// A unit the server named, in the reader's current language when the catalog knows it.
pub fn unit_name(code: &str, named: &str) -> String {
    domain::catalog::unit(code).map_or_else(
        || named.to_string(),
        |u| u.display_name(crate::i18n::lang()),
    )
}

/// Percent-encodes a query value or a WhatsApp text.
pub fn encode(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

/// The page's origin (`https://lapor.natunakab.go.id`).
pub fn origin() -> String {
    window().location().origin().unwrap_or_default()
}

/// The limits the server is configured with, from the page's `<meta name="lapor-limits">`
/// (`domain::wire::LIMITS_META`); `Limits::default()` when the page has none (a test server, the
/// app opened from files).
pub fn limits() -> Limits {
    static LIMITS: OnceLock<Limits> = OnceLock::new();
    *LIMITS.get_or_init(|| {
        let selector = format!(r#"meta[name="{}"]"#, domain::wire::LIMITS_META);
        document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|m| m.get_attribute("content"))
            .and_then(|c| Json::parse(&c))
            .filter(Json::is_object)
            .and_then(|j| Limits::read(&j).ok())
            .unwrap_or_default()
    })
}
