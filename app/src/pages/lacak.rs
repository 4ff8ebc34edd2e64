//! Lacak: a report's status, the unit handling it, its deadline, the history as a timeline,
//! official answers and photos. A mistyped code gets "did you mean" help from its check
//! character; a confidential report opens with its secret.

use crate::api::{self, Failure, ReportView};
use crate::i18n::{lang, t};
use crate::router;
use crate::{html, storage, util};
use domain::catalog;
use domain::lifecycle::Status;
use domain::tracking::{CodeError, TrackingCode};
use domain::Lang;
use leptos::prelude::*;

/// The tracking-code box (home page and this page).
#[component]
pub fn CodeForm(initial: String) -> impl IntoView {
    let code = RwSignal::new(initial);
    let error = RwSignal::new(None::<CodeError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = code.get_untracked();
        match TrackingCode::parse(&typed) {
            Ok(c) => router::navigate(&format!("/lacak/{}", c.as_str())),
            // The page asks the server which of the near codes exist.
            Err(CodeError::Check { .. }) => {
                let compact: String = typed
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_uppercase();
                router::navigate(&format!("/lacak/{compact}"))
            }
            Err(e) => {
                error.set(Some(e));
                util::focus_later("f-kode".into());
            }
        }
    };
    view! {
        <form class="track" on:submit=submit novalidate>
            <label for="f-kode">{t("Kode pelacakan", "Tracking code")}</label>
            <div class="inline">
                <input id="f-kode" name="kode" autocapitalize="characters" autocomplete="off" spellcheck="false"
                    placeholder="7K4-M2Q-XPA" inputmode="text"
                    aria-invalid=move || if error.with(|e| e.is_some()) { "true" } else { "false" }
                    aria-describedby="err-kode"
                    prop:value=move || code.get()
                    on:input=move |ev| { code.set(event_target_value(&ev)); error.set(None); }/>
                <button type="submit">{t("Lacak", "Track")}</button>
            </div>
            <p class="field-error" id="err-kode">{move || error.get().map(|e| e.message(lang()))}</p>
        </form>
    }
}

fn report_url(code: &str, secret: Option<String>) -> String {
    let mut url = format!("/api/v1/reports/{}", util::encode(code));
    if let Some(s) = secret.filter(|s| !s.trim().is_empty()) {
        url.push_str(&format!("?secret={}", util::encode(s.trim())));
    }
    url
}

#[component]
pub fn Track(kode: String) -> impl IntoView {
    let known = TrackingCode::parse(&kode)
        .ok()
        .and_then(|c| storage::session_secret(c.as_str()));
    let secret = RwSignal::new(known);
    let kode = StoredValue::new(kode);
    let retry = RwSignal::new(0u32);
    let report = api::load(
        move || {
            retry.track();
            let (k, s) = (kode.get_value(), secret.get());
            match TrackingCode::parse(&k) {
                _ if k.is_empty() => None,
                Err(CodeError::Length(_) | CodeError::Character(_)) => None,
                _ => Some(report_url(&k, s)),
            }
        },
        ReportView::read,
    );
    view! {
        <section class="page">
            <h1>{t("Lacak laporan", "Track a report")}</h1>
            <CodeForm initial=TrackingCode::parse(&kode.get_value()).map(|c| c.display()).unwrap_or_else(|_| kode.get_value())/>
            {move || {
                let k = kode.get_value();
                if k.is_empty() {
                    return view! { <p class="hint">{t("Masukkan kode pelacakan 9 karakter yang Anda terima setelah mengirim laporan.", "Enter the 9-character tracking code you received after sending your report.")}</p> }.into_any();
                }
                match TrackingCode::parse(&k) {
                    Err(e @ (CodeError::Length(_) | CodeError::Character(_))) => view! { <p class="field-error" role="alert">{e.message(lang())}</p> }.into_any(),
                    parsed => {
                        let local: Vec<String> = match &parsed {
                            Err(CodeError::Check { candidates }) => candidates.iter().map(|c| c.display()).collect(),
                            _ => Vec::new(),
                        };
                        view! { <Outcome report=report local=local secret=secret retry=retry/> }.into_any()
                    }
                }
            }}
        </section>
    }
}

#[component]
fn Outcome(
    report: api::Loaded<ReportView>,
    local: Vec<String>,
    secret: RwSignal<Option<String>>,
    retry: RwSignal<u32>,
) -> impl IntoView {
    move || {
        match report.get() {
        None => view! { <p class="muted" role="status">{t("Memuat laporan…", "Loading the report…")}</p> }.into_any(),
        Some(Ok(r)) => view! { <ReportDetail r=r/> }.into_any(),
        Some(Err(Failure::Http(404, e))) if e.code == "invalid_code" => {
            let list = if e.did_you_mean.is_empty() { local.clone() } else { e.did_you_mean.clone() };
            view! {
                <div class="notice" role="alert">
                    <p>{CodeError::Check { candidates: vec![] }.message(lang())}</p>
                    <Suggestions list=list/>
                </div>
            }.into_any()
        }
        Some(Err(Failure::Http(404, _))) => view! { <NotFoundWithSecret secret=secret/> }.into_any(),
        Some(Err(Failure::Network)) => view! {
            <div class="notice" role="alert">
                <p>{t("Tidak ada koneksi ke server. Periksa sinyal Anda, lalu coba lagi.", "The server cannot be reached. Check your signal and try again.")}</p>
                {(!local.is_empty()).then(|| view! { <Suggestions list=local.clone()/> })}
                <button type="button" on:click=move |_| retry.update(|n| *n += 1)>{t("Coba lagi", "Try again")}</button>
            </div>
        }.into_any(),
        Some(Err(f)) => view! { <p class="notice" role="alert">{f.message()}</p> }.into_any(),
    }
    }
}

#[component]
fn Suggestions(list: Vec<String>) -> impl IntoView {
    (!list.is_empty()).then(|| {
        view! {
            <p>{t("Mungkin maksud Anda:", "Did you mean:")}</p>
            <ul class="suggestions">
                {list.into_iter().map(|c| {
                    let href = format!("/lacak/{}", c.replace('-', ""));
                    view! { <li><a href=href class="code">{c}</a></li> }
                }).collect_view()}
            </ul>
        }
    })
}

#[component]
fn NotFoundWithSecret(secret: RwSignal<Option<String>>) -> impl IntoView {
    let typed = RwSignal::new(secret.get_untracked().unwrap_or_default());
    let tried = secret.get_untracked().is_some();
    view! {
        <div class="notice" role="alert">
            <p>{t("Laporan dengan kode ini tidak ditemukan.", "No report was found with this code.")}</p>
            {tried.then(|| view! { <p>{t("Kode rahasia yang dimasukkan tidak cocok.", "The secret code does not match.")}</p> })}
        </div>
        <form class="secret-form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); secret.set(Some(typed.get_untracked())); }>
            <label for="f-secret">{t("Laporan rahasia? Masukkan kode rahasianya", "A confidential report? Enter its secret code")}</label>
            <div class="inline">
                <input id="f-secret" autocomplete="off" autocapitalize="characters" spellcheck="false" placeholder="ABCD-EFGH-JKMN-PQRS"
                    prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                <button type="submit">{t("Buka", "Open")}</button>
            </div>
        </form>
    }
}

fn status_label(code: &str, fallback: &str) -> String {
    Status::parse(code)
        .map(|s| s.label(lang()).to_string())
        .unwrap_or_else(|| fallback.to_string())
}

fn unit_label(code: &str, fallback: Option<&str>) -> String {
    catalog::unit(code)
        .map(|u| u.display_name(lang()))
        .or(fallback.map(String::from))
        .unwrap_or_else(|| code.to_string())
}

fn due_text(d: &api::Due) -> String {
    let date = util::long_date(&d.date, lang());
    let what = match (d.kind.as_str(), lang()) {
        ("verification", Lang::Id) => "Batas waktu verifikasi",
        ("verification", Lang::En) => "Verification due",
        ("follow_up", Lang::Id) => "Batas waktu tindak lanjut unit",
        ("follow_up", Lang::En) => "The unit must answer by",
        ("auto_finish", Lang::Id) => "Selesai otomatis jika tidak ditanggapi pada",
        ("auto_finish", Lang::En) => "Closes automatically if you do not reply by",
        (_, Lang::Id) => "Batas waktu",
        (_, Lang::En) => "Due",
    };
    let left = match (d.overdue, lang()) {
        (true, Lang::Id) => format!("terlambat {} hari kerja", -d.working_days_left.min(0)),
        (true, Lang::En) => format!("{} working days late", -d.working_days_left.min(0)),
        (false, Lang::Id) if d.working_days_left == 0 => "hari ini".to_string(),
        (false, Lang::En) if d.working_days_left == 0 => "today".to_string(),
        (false, Lang::Id) => format!("{} hari kerja lagi", d.working_days_left),
        (false, Lang::En) => format!("{} working days left", d.working_days_left),
    };
    format!("{what}: {date} ({left})")
}

/// The report as its holder may see it, as one HTML string (read-only; links are the router's).
fn detail_html(r: &ReportView) -> String {
    let l = lang();
    let category = catalog::category(&r.category.code)
        .map(|c| c.name.get(l).to_string())
        .or(r.category.name.clone())
        .unwrap_or_default();
    let place = r
        .location
        .as_ref()
        .map(|p| {
            let mut s = [
                p.desa_name.clone(),
                p.kecamatan_name.as_ref().map(|k| format!("Kec. {k}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
            if let Some(d) = p.detail.as_ref().filter(|d| !d.is_empty()) {
                s = format!("{s} — {d}");
            }
            s
        })
        .unwrap_or_default();
    let mut out = format!(
        r#"<p class="code big">{}</p><h2>{}</h2><p><span class="status status-{}">{}</span>{}</p><dl class="facts">{}{}{}{}{}{}{}</dl>"#,
        html::esc(&r.display_code),
        html::esc(&r.title),
        html::esc(&r.status),
        html::esc(&status_label(&r.status, &r.status_label)),
        if r.privacy == "rahasia" {
            format!(
                r#"<span class="tag">{}</span>"#,
                t("Rahasia", "Confidential")
            )
        } else {
            String::new()
        },
        html::fact(t("Kategori", "Category"), &category),
        html::fact(
            t("Ditangani oleh", "Handled by"),
            &unit_label(&r.unit.code, r.unit.name.as_deref())
        ),
        html::fact(t("Alasan", "Why"), r.reason.as_deref().unwrap_or("")),
        html::fact(t("Lokasi", "Location"), &place),
        html::fact(
            t("Tanggal kejadian", "Date of the incident"),
            &r.incident_date
                .as_deref()
                .map(|d| util::long_date(d, l))
                .unwrap_or_default()
        ),
        html::fact(t("Dikirim", "Sent"), &util::date_time(r.created_at, l)),
        html::fact(
            t("Pelapor", "Reporter"),
            r.reporter_name.as_deref().unwrap_or("")
        ),
    );
    if let Some(d) = &r.due {
        out += &format!(
            r#"<p class="{}">{}</p>"#,
            if d.overdue { "due overdue" } else { "due" },
            html::esc(&due_text(d))
        );
    }
    if let Some(g) = &r.guidance {
        out += &format!(
            r#"<div class="route external"><p>{}</p></div>"#,
            html::esc(g)
        );
    }
    out += &format!(
        r#"<h3>{}</h3><p class="body">{}</p>"#,
        t("Isi laporan", "The report"),
        html::esc(&r.body)
    );
    if !r.photos.is_empty() {
        out += &format!(r#"<h3>{}</h3><ul class="photos">"#, t("Foto", "Photos"));
        for (i, p) in r.photos.iter().enumerate() {
            out += &format!(
                r#"<li><a href="{}" target="_blank" rel="noopener"><img src="{}" loading="lazy" alt="{} {}"></a></li>"#,
                html::esc(&p.url),
                html::esc(&p.thumb_url),
                t("Foto", "Photo"),
                i + 1
            );
        }
        out += "</ul>";
    }
    out += &format!("<h3>{}</h3>", t("Tanggapan resmi", "Official answers"));
    if r.responses.is_empty() {
        out += &format!(
            r#"<p class="muted">{}</p>"#,
            t("Belum ada tanggapan.", "No answer yet.")
        );
    }
    for a in &r.responses {
        out += &format!(
            r#"<article class="answer"><p class="meta"><strong>{}</strong> · {}</p><p class="body">{}</p>"#,
            html::esc(a.unit.as_deref().unwrap_or("")),
            html::esc(&util::date_time(a.at, l)),
            html::esc(a.text.as_deref().unwrap_or(""))
        );
        let (images, docs): (Vec<_>, Vec<_>) = a
            .files
            .iter()
            .partition(|f| f.content_type.starts_with("image/"));
        if !images.is_empty() {
            out += r#"<ul class="photos">"#;
            for (i, f) in images.iter().enumerate() {
                out += &format!(
                    r#"<li><a href="{}" target="_blank" rel="noopener"><img src="{}" loading="lazy" alt="{} {}"></a></li>"#,
                    html::esc(&f.url),
                    html::esc(&f.thumb_url),
                    t("Foto tanggapan", "Answer photo"),
                    i + 1
                );
            }
            out += "</ul>";
        }
        for (i, f) in docs.iter().enumerate() {
            let kind = if f.content_type.contains("pdf") {
                "PDF"
            } else {
                ""
            };
            out += &format!(
                r#"<p><a class="button secondary" href="{}" target="_blank" rel="noopener">{} {} {kind}</a></p>"#,
                html::esc(&f.url),
                t("Buka dokumen", "Open document"),
                i + 1
            );
        }
        out += "</article>";
    }
    out += &format!(
        r#"<h3>{}</h3><ol class="timeline">"#,
        t("Riwayat", "History")
    );
    for h in &r.history {
        out += &format!(
            "<li><time>{}</time><strong>{}</strong>",
            html::esc(&util::date_time(h.at, l)),
            html::esc(&status_label(&h.status, &h.status_label))
        );
        if let Some(u) = &h.to_unit {
            out += &format!("<span>{}{}</span>", t("Unit: ", "Unit: "), html::esc(u));
        }
        if let Some(n) = h.note.as_ref().filter(|n| !n.is_empty()) {
            out += &format!(r#"<p class="body">{}</p>"#, html::esc(n));
        }
        out += "</li>";
    }
    out + "</ol>"
}

#[component]
fn ReportDetail(r: ReportView) -> impl IntoView {
    view! { <article class="report-detail" inner_html=detail_html(&r)></article> <crate::pages::respond::Respond code=r.tracking_code.clone() status=r.status.clone()/> }
}
