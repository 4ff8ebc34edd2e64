//! "Laporan Anda akan ditangani oleh …": the unit the draft goes to and why, live, from
//! `domain::route`, under steps 2 to 5.

use super::flow;
use crate::draft::Draft;
use crate::html;
use crate::i18n::{lang, t};
use domain::catalog;
use leptos::prelude::*;

fn route_html(d: &Draft) -> String {
    if catalog::category(&d.category).is_none() {
        return String::new();
    }
    let r = domain::route(&d.route_request());
    let l = lang();
    if r.unit.is_external() {
        format!(
            r#"<div class="route external"><p class="route-title">{}</p><p><b>{}</b></p>{}<p>{}</p></div>"#,
            t(
                "Bukan wewenang Pemkab Natuna",
                "Not the regency's authority"
            ),
            html::esc(r.unit.name.get(l)),
            r.guidance()
                .map(|g| format!("<p>{}</p>", html::esc(g.get(l))))
                .unwrap_or_default(),
            html::esc(domain::routing::IF_SENT_EXTERNAL.get(l))
        )
    } else {
        format!(
            r#"<div class="route"><p class="route-title">{}</p><p><b>{}</b></p><p class="reason">{}</p></div>"#,
            t(
                "Laporan Anda akan ditangani oleh:",
                "Your report will be handled by:"
            ),
            html::esc(&r.unit.display_name(l)),
            html::esc(r.reason.get(l))
        )
    }
}

#[component]
pub(super) fn RoutePanel() -> impl IntoView {
    let f = flow();
    let html = Memo::new(move |_| f.app.draft.with(route_html));
    view! { <div aria-live="polite" inner_html=move || html.get()></div> }
}
