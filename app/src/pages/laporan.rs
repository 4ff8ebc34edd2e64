//! Laporan publik: the public list with filters (OPD, kecamatan, category, status) and search,
//! paginated for slow connections. The filters live in the address, so the back button and a
//! shared link show the same list.

use crate::api;
use crate::i18n::{lang, t};
use crate::router;
use crate::{html, util};
use domain::catalog::{self, RegionKind, UnitKind, CATEGORIES, REGIONS, TOPICS, UNITS};
use domain::lifecycle::Status;
use domain::wire::{ListItem, ListPage};
use domain::Lang;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The list's address: its filters, then where in it (`cursor` from the server, and `page`, the
/// page's number for people).
const KEYS: [&str; 7] = [
    "unit",
    "kecamatan",
    "category",
    "status",
    "q",
    "cursor",
    "page",
];

fn query_string(pairs: &[(&'static str, String)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", util::encode(v)))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// Units a citizen would filter by: the OPDs and offices directly under the Pemkab.
fn opd_options() -> Vec<&'static catalog::Unit> {
    let mut v: Vec<&'static catalog::Unit> = UNITS
        .iter()
        .filter(|u| {
            u.parent().is_some_and(|p| p.kind == UnitKind::Pemkab)
                && !matches!(u.kind, UnitKind::Kecamatan | UnitKind::External)
        })
        .collect();
    domain::sort::sort_by_key(&mut v, |u| (u.name.id, u.code));
    v
}

/// One report of the list, as a link to its status page.
fn item_html(r: &ListItem) -> String {
    let l = lang();
    let category = catalog::category(&r.category.code)
        .map_or_else(|| r.category.name.clone(), |c| c.name.get(l).to_string());
    let mut place = r
        .kecamatan_name
        .as_deref()
        .map(|k| format!("{} · ", html::esc(&util::kecamatan_display(k))))
        .unwrap_or_default();
    if let Some(s) = domain::support::count_text(r.supporters, l) {
        place = format!("{}{place}", html::esc(&format!("{s} · ")));
    }
    format!(
        r#"<li><a class="report" href="/lacak/{}"><strong class="title">{}</strong><span class="status status-{}">{}</span><span class="meta">{}</span><span class="meta">{}</span><span class="meta">{place}{} · <span class="code">{}</span></span></a></li>"#,
        html::esc(&r.tracking_code),
        html::esc(&r.title),
        r.status.code(),
        html::esc(r.status.label(l)),
        html::esc(&category),
        html::esc(&util::unit_name(&r.unit.code, &r.unit.name)),
        html::esc(&util::date_only(r.created_at, l)),
        html::esc(&r.display_code),
    )
}

/// The four filters' `<option>`s (OPD, kecamatan, category, status), the current ones selected.
fn filter_options(value: impl Fn(&'static str) -> String) -> [String; 4] {
    let l = lang();
    let mut opd = html::option("", t("Semua OPD", "All offices"), value("unit").is_empty());
    for u in opd_options() {
        opd += &html::option(u.code, u.name.get(l), value("unit") == u.code);
    }
    let v = value("kecamatan");
    let mut kec = html::option("", t("Semua kecamatan", "All districts"), v.is_empty());
    for r in REGIONS.iter().filter(|r| r.kind == RegionKind::Kecamatan) {
        kec += &html::option(r.code, r.name, v == r.code);
    }
    let v = value("category");
    let mut cat = html::option("", t("Semua kategori", "All categories"), v.is_empty());
    for (i, tp) in TOPICS.iter().enumerate() {
        cat += &format!(r#"<optgroup label="{}">"#, html::esc(tp.name.get(l)));
        for c in CATEGORIES.iter().filter(|c| c.topic.0 as usize == i) {
            cat += &html::option(c.code, c.name.get(l), v == c.code);
        }
        cat += "</optgroup>";
    }
    let v = value("status");
    let mut status = html::option("", t("Semua status", "All statuses"), v.is_empty());
    // A public list never shows some statuses (`Status::is_listed`).
    for st in Status::listed() {
        status += &html::option(st.code(), st.label(l), v == st.code());
    }
    [opd, kec, cat, status]
}

#[component]
pub fn PublicList() -> impl IntoView {
    let current = move || -> Vec<(&'static str, String)> {
        KEYS.iter()
            .map(|k| (*k, router::query(k).unwrap_or_default()))
            .collect()
    };
    let value = move |k: &'static str| router::query(k).unwrap_or_default();
    let go = move |key: &'static str, v: String| {
        let mut pairs = current();
        for p in pairs.iter_mut() {
            if p.0 == key {
                p.1 = v.clone();
            } else if p.0 == "page" || p.0 == "cursor" {
                p.1 = String::new();
            }
        }
        router::navigate(&format!("/laporan{}", query_string(&pairs)));
    };
    let list =
        api::load::<ListPage>(move || Some(format!("/api/v1/reports{}", query_string(&current()))));
    let search = RwSignal::new(value("q"));
    let [opd_options, kec_options, cat_options, status_options] = filter_options(value);
    view! {
        <section class="page">
            <h1>{t("Laporan publik", "Public reports")}</h1>
            <p class="hint">{t("Laporan rahasia tidak ditampilkan. Nama pelapor anonim disembunyikan.", "Confidential reports are not shown. Anonymous reporters' names are hidden.")}</p>
            <form class="filters" role="search" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); go("q", search.get_untracked()); }>
                <label for="f-q">{t("Cari laporan", "Search reports")}</label>
                <div class="inline">
                    <input id="f-q" type="search" prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
                    <button type="submit">{t("Cari", "Search")}</button>
                </div>
                <div class="grid2" on:change=move |ev| {
                    let key = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.get_attribute("name"));
                    if let (Some(k), Some(v)) = (key, html::target_value(&ev)) {
                        if let Some(k) = KEYS.iter().find(|x| **x == k) {
                            go(k, v);
                        }
                    }
                }>
                    <div class="field"><label for="f-unit">"OPD"</label><select id="f-unit" name="unit" inner_html=opd_options></select></div>
                    <div class="field"><label for="f-kecamatan">{t("Kecamatan", "District")}</label><select id="f-kecamatan" name="kecamatan" inner_html=kec_options></select></div>
                    <div class="field"><label for="f-category">{t("Kategori", "Category")}</label><select id="f-category" name="category" inner_html=cat_options></select></div>
                    <div class="field"><label for="f-status">"Status"</label><select id="f-status" name="status" inner_html=status_options></select></div>
                </div>
            </form>
            {move || match list.get() {
                None => view! { <p class="muted" role="status">{t("Memuat…", "Loading…")}</p> }.into_any(),
                Some(Err(f)) => view! { <p class="notice" role="alert">{f.message()}</p> }.into_any(),
                Some(Ok(p)) => {
                    // The server pages by cursor; the page's number travels in the address.
                    let page: u32 = value("page").parse().ok().filter(|n| *n >= 1).unwrap_or(1);
                    let pages = (!p.total_more).then(|| ((p.total as u32).div_ceil(p.per_page.max(1))).max(1));
                    let l = lang();
                    let items: String = p.items.iter().map(item_html).collect();
                    let total = format!("{}{}", util::fmt_num(p.total, l), if p.total_more { "+" } else { "" });
                    let next = p.next_cursor.clone();
                    let forward = move |_| {
                        if let Some(c) = next.clone() {
                            let mut pairs = current();
                            for x in pairs.iter_mut() {
                                if x.0 == "cursor" {
                                    x.1 = c.clone();
                                } else if x.0 == "page" {
                                    x.1 = (page + 1).to_string();
                                }
                            }
                            router::navigate(&format!("/laporan{}", query_string(&pairs)));
                        }
                    };
                    let at = match (l, pages) {
                        (Lang::Id, Some(n)) => format!("Halaman {page} dari {n}"),
                        (Lang::En, Some(n)) => format!("Page {page} of {n}"),
                        (Lang::Id, None) => format!("Halaman {page}"),
                        (Lang::En, None) => format!("Page {page}"),
                    };
                    view! {
                        <p id="list-count" role="status">{match l {
                            Lang::Id => format!("{total} laporan"),
                            Lang::En => format!("{total} reports"),
                        }}</p>
                        <ul class="reports" inner_html=items></ul>
                        <nav class="pager" aria-label=t("Halaman", "Pages")>
                            <button type="button" disabled={page <= 1} on:click=move |_| { let _ = util::window().history().and_then(|h| h.back()); }>{t("‹ Sebelumnya", "‹ Previous")}</button>
                            <span>{at}</span>
                            <button type="button" disabled={p.next_cursor.is_none()} on:click=forward>{t("Berikutnya ›", "Next ›")}</button>
                        </nav>
                    }.into_any()
                }
            }}
        </section>
    }
}
