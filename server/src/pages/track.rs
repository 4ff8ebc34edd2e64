//! The status page (`/lacak`, `/lacak/{kode}`): a report as anyone holding its code may see it,
//! and, once a unit has answered, the reporter's form to accept or reopen it
//! (`POST /lacak/{kode}/tanggapi`).

use super::{date_time, error_summary, html_response, site_header, t, with_header};
use crate::api;
use crate::backoffice::reporter;
use crate::error::ApiError;
use crate::{AppState, ClientIp, ReqLang};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::answer::AnswerCheck;
use domain::deadline::AUTO_FINISH_WORKING_DAYS;
use domain::feedback::{COMMENT_MAX, RATING_MAX, RATING_MIN};
use domain::followup::{self, Reply};
use domain::lifecycle::Status;
use domain::tracking::TrackingCode;
use domain::wire::{AcceptRequest, FollowUpRequest, ReopenRequest, ReportView};
use domain::Lang;
use maud::{html, Markup};
use std::collections::HashMap;

#[derive(serde::Deserialize, Default)]
pub struct TrackQuery {
    pub kode: Option<String>,
}

/// The tracking form, posted: a confidential report's secret travels in the body, never in a
/// URL (where it would end up in history, logs and Referer headers).
#[derive(serde::Deserialize, Default)]
pub struct TrackForm {
    #[serde(default)]
    pub kode: String,
    #[serde(default)]
    pub secret: String,
}

fn page_title(lang: Lang) -> &'static str {
    t(
        lang,
        "Lacak laporan — Lapor Natuna",
        "Track a report — Lapor Natuna",
    )
}

/// `GET /lacak[?kode=…]`: the form, or a well-formed code's own address.
pub async fn track_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientIp(ip): ClientIp,
    Query(q): Query<TrackQuery>,
) -> Response {
    // A well-formed code moves to its own address, which the app also understands.
    if let Some(code) = q.kode.as_deref().and_then(|k| TrackingCode::parse(k).ok()) {
        return Redirect::to(&format!("/lacak/{}", code.as_str())).into_response();
    }
    track(&state, lang, ip, q.kode, None).await
}

/// `POST /lacak` (kode, secret): a confidential report opened with its secret is shown at once;
/// a code alone moves to its own address.
pub async fn track_post(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientIp(ip): ClientIp,
    axum::Form(f): axum::Form<TrackForm>,
) -> Response {
    let secret = Some(f.secret.trim().to_string()).filter(|s| !s.is_empty());
    match (TrackingCode::parse(&f.kode), &secret) {
        (Ok(code), None) => Redirect::to(&format!("/lacak/{}", code.as_str())).into_response(),
        _ => track(&state, lang, ip, Some(f.kode), secret).await,
    }
}

/// `GET /lacak/{kode}`
pub async fn track_page_path(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientIp(ip): ClientIp,
    Path(kode): Path<String>,
) -> Response {
    track(&state, lang, ip, Some(kode), None).await
}

fn url_encoded(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

async fn track(
    state: &AppState,
    lang: Lang,
    ip: std::net::IpAddr,
    kode: Option<String>,
    secret: Option<String>,
) -> Response {
    let title = page_title(lang);
    let page = |status: StatusCode, main: Markup| {
        let body = with_header(lang, main);
        html_response(status, state.assets.tracking_page(title, &body, lang))
    };
    if let Err(e) = state.lookups.check(ip, lang) {
        let heading = html! { h1 { (t(lang, "Lacak laporan", "Track a report")) } };
        return page(
            e.status,
            html! { main class="nojs" { (heading) (error_summary(e.message())) } },
        );
    }
    let heading = html! { h1 { (t(lang, "Lacak laporan", "Track a report")) } };
    let Some(kode) = kode.filter(|k| !k.trim().is_empty()) else {
        return page(
            StatusCode::OK,
            html! { main class="nojs" { (heading) (track_form("", true, lang)) } },
        );
    };
    let row = match api::open_report(state, &kode, secret.as_deref(), lang).await {
        Ok(row) => row,
        Err(e) => {
            let e = e.lang(lang);
            return page(
                e.status,
                html! { main class="nojs" { (heading) (not_opened(&e, lang)) (track_form(&kode, true, lang)) } },
            );
        }
    };
    match api::public_view(state, &row, secret.as_deref(), lang).await {
        Ok(view) => page(
            StatusCode::OK,
            html! { main class="nojs" { (heading) (status_html(&view, lang)) (track_form("", true, lang)) } },
        ),
        Err(e) => {
            let e = e.lang(lang);
            let body = html! { (e.message()) }.into_string();
            html_response(e.status, state.assets.plain_page(title, &body, lang))
        }
    }
}

/// Why the code opened nothing, and the existing codes it may have been meant as.
fn not_opened(e: &ApiError, lang: Lang) -> Markup {
    html! {
        div class="error-summary" role="alert" {
            p { (e.message()) }
            @if let Some(list) = e.did_you_mean.as_ref().filter(|l| !l.is_empty()) {
                p { (t(lang, "Mungkin maksud Anda:", "Did you mean:")) }
                ul {
                    @for c in list {
                        li { a href={ "/lacak/" (c.replace('-', "")) } { (c) } }
                    }
                }
            }
        }
    }
}

/// The tracking code (and, where asked, the secret of a confidential report).
pub(super) fn track_form(kode: &str, secret_field: bool, lang: Lang) -> Markup {
    html! {
        form method="post" action="/lacak" class="track" {
            label for="f-kode" { (t(lang, "Kode pelacakan", "Tracking code")) }
            input id="f-kode" name="kode" value=(kode) autocapitalize="characters" autocomplete="off" placeholder="7K4-M2Q-XPA";
            @if secret_field {
                label for="f-secret" { (t(lang, "Kode rahasia (khusus laporan rahasia)", "Secret code (confidential reports only)")) }
                input id="f-secret" name="secret" autocomplete="off";
            }
            button type="submit" { (t(lang, "Lacak", "Track")) }
        }
    }
}

/// The report: its code, title, status, unit, place, deadline, story, photos and history.
fn status_html(view: &ReportView, lang: Lang) -> Markup {
    html! {
        article class="report" {
            p class="code" { (view.display_code) }
            h2 { (view.title) }
            p class="status" { (t(lang, "Status", "Status")) ": " b { (view.status_label) } }
            p { (t(lang, "Ditangani oleh", "Handled by")) ": " b { (view.unit.name) } }
            @if let Some(place) = &view.location {
                p {
                    (t(lang, "Lokasi", "Location")) ": " b { (place.name) }
                    @if let Some(d) = place.detail.as_deref().filter(|d| !d.is_empty()) { " — " (d) }
                }
            }
            @if let Some(g) = &view.guidance {
                div class="route external" { p { (g) } }
            }
            @if let Some(h) = &view.held {
                div class="route external" { p { (h) } }
            }
            @if let Some(d) = &view.due {
                p { (d.label) ": " b { (d.date.long(lang)) } " (" (d.left_text) ")" }
            }
            @if let Some(s) = domain::support::count_text(view.supporters, lang) {
                p class="supporters" { (s) }
            }
            p class="body" {
                @for (i, line) in view.body.split('\n').enumerate() {
                    @if i > 0 { br; }
                    (line)
                }
            }
            @for p in &view.photos {
                a href=(p.url) {
                    img src=(p.thumb_url) alt=(t(lang, "Foto laporan", "Report photo")) loading="lazy" width="160";
                }
            }
            @if !view.responses.is_empty() {
                h3 { (t(lang, "Tanggapan resmi", "Official answers")) }
                @for a in &view.responses {
                    article class="answer" {
                        p class="meta" {
                            @if let Some(u) = &a.unit { b { (u.name) } " · " }
                            (date_time(a.at, lang))
                        }
                        p class="body" { (a.text) }
                        p class="check" title=(AnswerCheck::heading(lang).1) {
                            (AnswerCheck::heading(lang).0) ": " (a.check.summary(lang))
                        }
                    }
                }
            }
            h3 { (t(lang, "Riwayat", "History")) }
            ol class="timeline" {
                @for h in &view.history {
                    li {
                        time { (date_time(h.at, lang)) }
                        " " b { (h.status_label) }
                        @if let Some(u) = &h.to_unit { " — " (u.name) }
                        @if let Some(n) = &h.note { p { (n) } }
                    }
                }
            }
            @if view.status == Status::Ditindaklanjuti { (respond_form(view, lang)) }
            @if view.followup_open { (followup_form(view, lang)) }
            @if !view.privacy.shows_identity() { (identity_form(&view.tracking_code, lang)) }
            @if view.held.is_none() && view.privacy.is_listed() { (flag_form(&view.tracking_code, lang)) }
        }
    }
}

/// What a refused form says first: the first field's problem, else the error's message.
fn first_problem(e: &ApiError, lang: Lang) -> String {
    e.fields
        .first()
        .map(|f| f.message(lang).to_string())
        .unwrap_or_else(|| e.message().to_string())
}

/// "Mengandung data pribadi / tidak pantas": anyone marks a public report, folded away.
pub fn flag_form(code: &str, lang: Lang) -> Markup {
    let [summary, explain, legend, note, button] = domain::moderation::form_text(lang);
    html! {
        details class="flag" {
            summary { (summary) }
            form method="post" action={ "/lacak/" (code) "/tandai" } class="respond" {
                p { (explain) }
                fieldset class="field" {
                    legend { (legend) }
                    @for r in domain::moderation::FlagReason::ALL {
                        label class="choice" { input type="radio" name="reason" value=(r.code()) required; " " (r.label(lang)) }
                    }
                }
                div class="field" {
                    label for="f-flag-note" { (note) }
                    textarea id="f-flag-note" name="note" rows="2" maxlength=(domain::moderation::FLAG_NOTE_MAX) {}
                }
                button type="submit" class="secondary" { (button) }
            }
        }
    }
}

/// `POST /lacak/{kode}/tandai` (reason, note): a flag without JavaScript; the device is this
/// network's (one flag counts per network anyway).
pub async fn flag_post(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientIp(ip): ClientIp,
    Path(kode): Path<String>,
    axum::Form(f): axum::Form<HashMap<String, String>>,
) -> Response {
    let device = format!(
        "jaringan-{}",
        &state.links.pseudonym("flag-device", &ip.to_string())[..40]
    );
    let result = match domain::moderation::Flag::parse(
        f.get("reason").map(String::as_str).unwrap_or_default(),
        f.get("note").map(String::as_str),
    ) {
        Err(e) => Err(ApiError::validation(vec![e]).lang(lang)),
        Ok(flag) => api::moderation::take_flag(&state, ip, &kode, &device, &flag, lang).await,
    };
    let done = result.map(|_| {
        html! {
            h1 { (t(lang, "Terima kasih, tanda Anda dicatat", "Thank you, your mark is recorded")) }
            p { (domain::moderation::form_text(lang)[1]) }
        }
    });
    form_answer(&state, lang, &kode, done, html! {})
}

/// An anonymous or confidential reporter asks, with their reporter code, whether an officer
/// opened their identity (`scope::may_open_identity`).
pub fn identity_form(code: &str, lang: Lang) -> Markup {
    let (question, explain) = domain::lifecycle::scope::identity_question(lang);
    html! {
        form method="post" action={ "/lacak/" (code) "/identitas" } class="respond identity" {
            h3 { (question) }
            p { (explain) }
            div class="field" {
                label for="f-token-identity" { (t(lang, "Kode pelapor (dari tanda terima)", "Reporter code (from the receipt)")) }
                input id="f-token-identity" name="token" autocomplete="off";
            }
            button type="submit" class="secondary" { (t(lang, "Lihat", "Show")) }
        }
    }
}

/// `POST /lacak/{kode}/identitas` (token): the reporter's list of identity openings.
pub async fn identity_openings(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientIp(ip): ClientIp,
    Path(kode): Path<String>,
    axum::Form(f): axum::Form<HashMap<String, String>>,
) -> Response {
    let token = f.get("token").cloned().unwrap_or_default();
    let result = match state.lookups.check(ip, lang) {
        Err(e) => Err(e),
        Ok(()) => match reporter::as_reporter(&state, &kode, &token, lang).await {
            Ok(row) => reporter::openings_of(&state, &row, lang).await,
            Err(e) => Err(e),
        },
    };
    let done = result.map(|o| {
        html! {
            h1 { (o.text) }
            @if !o.openings.is_empty() {
                ol class="timeline openings" {
                    @for x in &o.openings {
                        li {
                            time { (date_time(x.at, lang)) }
                            " " b { (x.unit.name) }
                            p { (x.reason) }
                        }
                    }
                }
            }
            p { (t(lang,
                "Hanya koordinator yang dapat membuka identitas Anda; unit yang menangani laporan tidak pernah dapat.",
                "Only the coordinator can open your identity; the unit handling the report never can.")) }
        }
    });
    form_answer(&state, lang, &kode, done, identity_form(&kode, lang))
}

/// A status-page form's answer, on a plain page (the tracking app would read its address as a
/// code and draw over it): what was done, or the first problem with the form again under it;
/// a link back to the report either way.
fn form_answer(
    state: &AppState,
    lang: Lang,
    kode: &str,
    done: Result<Markup, ApiError>,
    again: Markup,
) -> Response {
    let back = html! { p { a href={ "/lacak/" (url_encoded(kode)) } { (t(lang, "Kembali ke status laporan", "Back to the report")) } } };
    let (status, main) = match done {
        Ok(m) => (StatusCode::OK, html! { main class="nojs" { (m) (back) } }),
        Err(e) => {
            let e = e.lang(lang);
            let detail = first_problem(&e, lang);
            (
                e.status,
                html! { main class="nojs" { (error_summary(&detail)) (again) (back) } },
            )
        }
    };
    let body = with_header(lang, main);
    html_response(
        status,
        state.assets.plain_page(page_title(lang), &body, lang),
    )
}

/// Without JavaScript the reporter answers the unit's response with a plain form.
fn respond_form(view: &ReportView, lang: Lang) -> Markup {
    let explain = match lang {
        Lang::Id => format!("Jika masalah sudah selesai, terima jawabannya. Jika belum, buka kembali laporan dalam {AUTO_FINISH_WORKING_DAYS} hari kerja."),
        Lang::En => format!("If the problem is solved, accept the answer. If not, reopen the report within {AUTO_FINISH_WORKING_DAYS} working days."),
    };
    html! {
        form method="post" action={ "/lacak/" (view.tracking_code) "/tanggapi" } class="respond" {
            h3 { (t(lang, "Tanggapi jawaban petugas", "Respond to the answer")) }
            p { (explain) }
            div class="field" {
                label for="f-token" { (t(lang, "Kode pelapor (dari tanda terima)", "Reporter code (from the receipt)")) }
                input id="f-token" name="token" autocomplete="off";
            }
            fieldset class="field" {
                legend { (t(lang, "Penilaian (tidak wajib)", "Rating (optional)")) }
                @for n in RATING_MIN..=RATING_MAX {
                    label class="choice inline" { input type="radio" name="rating" value=(n); " " (n) }
                }
            }
            div class="field" {
                label for="f-reason" { (t(lang, "Komentar, atau alasan bila belum selesai", "Comment, or why it is not solved")) }
                textarea id="f-reason" name="reason" rows="3" maxlength=(COMMENT_MAX) {}
            }
            button type="submit" name="action" value="accept" class="primary" { (t(lang, "Terima, masalah selesai", "Accept: solved")) }
            " "
            button type="submit" name="action" value="reopen" class="secondary" { (t(lang, "Belum selesai, buka kembali", "Not solved: reopen")) }
        }
    }
}

/// The follow-up question after a finished report, as a plain form.
fn followup_form(view: &ReportView, lang: Lang) -> Markup {
    html! {
        form method="post" action={ "/lacak/" (view.tracking_code) "/tanggapi" } class="respond followup" {
            h3 { (followup::question(lang)) }
            div class="field" {
                label for="f-token-followup" { (t(lang, "Kode pelapor (dari tanda terima)", "Reporter code (from the receipt)")) }
                input id="f-token-followup" name="token" autocomplete="off";
            }
            @for reply in Reply::ALL {
                button type="submit" name="followup" value=(reply.code()) class=(if reply == Reply::Sudah { "primary" } else { "secondary" }) { (reply.label(lang)) }
                " "
            }
        }
    }
}

/// `POST /lacak/{kode}/tanggapi`: the no-JavaScript reporter response, through the same
/// handlers as the JSON API's accept and reopen.
pub async fn respond(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientIp(ip): ClientIp,
    Path(kode): Path<String>,
    axum::Form(f): axum::Form<HashMap<String, String>>,
) -> Response {
    let token = f.get("token").cloned().unwrap_or_default();
    let secret = token.clone();
    let reason = f.get("reason").cloned().unwrap_or_default();
    let rating = f.get("rating").and_then(|r| r.parse::<i64>().ok());
    let result = match f.get("action").map(String::as_str) {
        _ if f.contains_key("followup") => reporter::followup(
            State(state.clone()),
            ReqLang(lang),
            Path(kode.clone()),
            axum::Json(FollowUpRequest {
                token,
                reply: f.get("followup").cloned().unwrap_or_default(),
            }),
        )
        .await
        .map(|_| ()),
        Some("reopen") => reporter::reopen(
            State(state.clone()),
            ReqLang(lang),
            Path(kode.clone()),
            axum::Json(ReopenRequest { token, reason }),
        )
        .await
        .map(|_| ()),
        _ => {
            let comment = Some(reason).filter(|r| !r.trim().is_empty());
            reporter::accept(
                State(state.clone()),
                ReqLang(lang),
                Path(kode.clone()),
                axum::Json(AcceptRequest {
                    token,
                    rating,
                    comment,
                }),
            )
            .await
            .map(|_| ())
        }
    };
    match result {
        // A confidential report opens only with its secret (the reporter code): show it now.
        Ok(()) if api::open_report(&state, &kode, None, lang).await.is_err() => {
            track(&state, lang, ip, Some(kode), Some(secret)).await
        }
        Ok(()) => Redirect::to(&format!("/lacak/{}", url_encoded(&kode))).into_response(),
        Err(e) => {
            let e = e.lang(lang);
            let detail = first_problem(&e, lang);
            let body = html! {
                (site_header(lang))
                main class="nojs" {
                    (error_summary(&detail))
                    p { a href={ "/lacak/" (kode) } { (t(lang, "Kembali ke status laporan", "Back to the report")) } }
                }
            };
            html_response(
                e.status,
                state
                    .assets
                    .plain_page("Lapor Natuna", &body.into_string(), lang),
            )
        }
    }
}
