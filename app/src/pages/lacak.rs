//! Lacak: a report's status (`domain::wire::ReportView`), the unit handling it, its deadline, the
//! history as a timeline, official answers and photos, and the reporter's responses
//! (`respond`). A mistyped code gets "did you mean" help from its check character; a
//! confidential report opens with its kode pelapor.

use crate::api::{self, Failure};
use crate::i18n::{lang, t};
use crate::router;
use crate::{html, storage, util};
use domain::answer::AnswerCheck;
use domain::deadline::days_left_text;
use domain::tracking::{CodeError, TrackingCode, CODE_LEN};
use domain::wire::{ChainHeads, ChainProof, DueView, ReportView};
use domain::{catalog, Lang};
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

/// The report's address, and the secret that opens a confidential one (sent as a header).
fn report_request(code: &str, secret: Option<String>) -> (String, Option<String>) {
    let url = format!("/api/v1/reports/{}", util::encode(code));
    (
        url,
        secret
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
    )
}

fn enter_code_hint() -> String {
    match lang() {
        Lang::Id => format!("Masukkan kode pelacakan {CODE_LEN} karakter yang Anda terima setelah mengirim laporan."),
        Lang::En => format!("Enter the {CODE_LEN}-character tracking code you received after sending your report."),
    }
}

#[component]
pub fn Track(kode: String) -> impl IntoView {
    let known = TrackingCode::parse(&kode)
        .ok()
        .and_then(|c| storage::session_secret(c.as_str()));
    let secret = RwSignal::new(known);
    let kode = StoredValue::new(kode);
    let retry = RwSignal::new(0u32);
    let report = api::load_with::<ReportView>(move || {
        retry.track();
        let (k, s) = (kode.get_value(), secret.get());
        match TrackingCode::parse(&k) {
            _ if k.is_empty() => None,
            Err(CodeError::Length(_) | CodeError::Character(_)) => None,
            _ => Some(report_request(&k, s)),
        }
    });
    let shown =
        TrackingCode::parse(&kode.get_value()).map_or_else(|_| kode.get_value(), |c| c.display());
    view! {
        <section class="page">
            <h1>{t("Lacak laporan", "Track a report")}</h1>
            <CodeForm initial=shown/>
            {move || {
                let k = kode.get_value();
                if k.is_empty() {
                    return view! { <p class="hint">{enter_code_hint()}</p> }.into_any();
                }
                match TrackingCode::parse(&k) {
                    Err(e @ (CodeError::Length(_) | CodeError::Character(_))) => view! { <p class="field-error" role="alert">{e.message(lang())}</p> }.into_any(),
                    parsed => {
                        let local: Vec<String> = match &parsed {
                            Err(CodeError::Check { candidates }) => candidates.iter().map(|c| c.display()).collect(),
                            _ => Vec::new(),
                        };
                        view! { <Outcome report=report code=k local=local secret=secret retry=retry/> }.into_any()
                    }
                }
            }}
        </section>
    }
}

#[component]
fn Outcome(
    report: api::Loaded<ReportView>,
    /// As typed in the address.
    code: String,
    local: Vec<String>,
    secret: RwSignal<Option<String>>,
    retry: RwSignal<u32>,
) -> impl IntoView {
    // What the reporter just did (accepted, reopened, added information), over the report shown again.
    let notice = RwSignal::new(None::<String>);
    move || {
        match report.get() {
        None => view! { <p class="muted" role="status">{t("Memuat laporan…", "Loading the report…")}</p> }.into_any(),
        Some(Ok(r)) => view! {
            <p class="banner ok" role="status" hidden=move || notice.with(|d| d.is_none())>{move || notice.get()}</p>
            <ReportDetail r=r secret=secret.get_untracked() retry=retry notice=notice/>
        }.into_any(),
        Some(Err(Failure::Http(404, e))) if e.code == "invalid_code" => {
            let list = e.did_you_mean.clone().filter(|l| !l.is_empty()).unwrap_or_else(|| local.clone());
            view! {
                <div class="notice" role="alert">
                    <p>{CodeError::Check { candidates: vec![] }.message(lang())}</p>
                    <Suggestions list=list/>
                </div>
            }.into_any()
        }
        Some(Err(Failure::Http(404, _))) => view! { <NotFoundWithSecret code=code.clone() secret=secret/> }.into_any(),
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

/// A confidential report opens only with its kode pelapor; the one kept with this phone's
/// receipt is filled in, but the citizen still opens it (a shared phone shows nothing by itself).
#[component]
fn NotFoundWithSecret(code: String, secret: RwSignal<Option<String>>) -> impl IntoView {
    let tried = secret.get_untracked().is_some();
    let kept = || {
        TrackingCode::parse(&code)
            .ok()
            .and_then(|c| storage::reporter_token(c.as_str()))
    };
    let typed = RwSignal::new(secret.get_untracked().or_else(kept).unwrap_or_default());
    view! {
        <div class="notice" role="alert">
            <p>{t("Laporan dengan kode ini tidak ditemukan.", "No report was found with this code.")}</p>
            {tried.then(|| view! { <p>{t("Kode pelapor yang dimasukkan tidak cocok.", "The reporter code does not match.")}</p> })}
        </div>
        <form class="secret-form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); secret.set(Some(typed.get_untracked())); }>
            <label for="f-secret">{t("Laporan rahasia? Masukkan kode pelapor dari tanda terima", "A confidential report? Enter the reporter code from the receipt")}</label>
            <div class="inline">
                <input id="f-secret" autocomplete="off" autocapitalize="characters" spellcheck="false" placeholder="ABCD-EFGH-JKMN-PQRS"
                    prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                <button type="submit">{t("Buka", "Open")}</button>
            </div>
        </form>
    }
}

/// "Batas waktu verifikasi: 7 Desember 2026 (3 hari kerja lagi)", in the reader's language.
fn due_text(d: &DueView, l: Lang) -> String {
    format!(
        "{}: {} ({})",
        d.kind.label(l),
        d.date.long(l),
        days_left_text(d.working_days_left, l)
    )
}

fn facts_html(r: &ReportView, l: Lang) -> String {
    let category = catalog::category(&r.category.code)
        .map_or_else(|| r.category.name.clone(), |c| c.name.get(l).to_string());
    let place = r
        .location
        .as_ref()
        .map_or_else(String::new, |p| match &p.detail {
            Some(d) if !d.is_empty() => format!("{} — {d}", p.name),
            _ => p.name.clone(),
        });
    let answers: String = r
        .answers
        .iter()
        .map(|a| html::fact(&a.question_text, &a.label))
        .collect();
    format!(
        r#"<dl class="facts">{}{}{}{}{answers}{}{}{}</dl>"#,
        html::fact(t("Kategori", "Category"), &category),
        html::fact(
            t("Ditangani oleh", "Handled by"),
            &util::unit_name(&r.unit.code, &r.unit.name)
        ),
        html::fact(t("Alasan", "Why"), &r.reason),
        html::fact(t("Lokasi", "Location"), &place),
        html::fact(
            t("Tanggal kejadian", "Date of the incident"),
            &r.incident_date.map(|d| d.long(l)).unwrap_or_default()
        ),
        html::fact(t("Dikirim", "Sent"), &util::date_time(r.created_at, l)),
        html::fact(
            t("Pelapor", "Reporter"),
            r.reporter_name.as_deref().unwrap_or("")
        ),
    )
}

fn photos_html(r: &ReportView) -> String {
    if r.photos.is_empty() {
        return String::new();
    }
    let mut out = format!(r#"<h3>{}</h3><ul class="photos">"#, t("Foto", "Photos"));
    for (i, p) in r.photos.iter().enumerate() {
        out += &format!(
            r#"<li><a href="{}" target="_blank" rel="noopener"><img src="{}" loading="lazy" width="{}" height="{}" alt="{} {}"></a></li>"#,
            html::esc(&p.url),
            html::esc(&p.thumb_url),
            p.width,
            p.height,
            t("Foto", "Photo"),
            i + 1
        );
    }
    out + "</ul>"
}

fn responses_html(r: &ReportView, l: Lang) -> String {
    let mut out = format!("<h3>{}</h3>", t("Tanggapan resmi", "Official answers"));
    if r.responses.is_empty() {
        out += &format!(
            r#"<p class="muted">{}</p>"#,
            t("Belum ada tanggapan.", "No answer yet.")
        );
    }
    for a in &r.responses {
        let unit = a
            .unit
            .as_ref()
            .map_or_else(String::new, |u| util::unit_name(&u.code, &u.name));
        out += &format!(
            r#"<article class="answer"><p class="meta"><strong>{}</strong> · {}</p><p class="body">{}</p>"#,
            html::esc(&unit),
            html::esc(&util::date_time(a.at, l)),
            html::esc(&a.text)
        );
        let (head, why) = AnswerCheck::heading(l);
        out += &format!(
            r#"<p class="check" title="{}">{}: {}</p>"#,
            html::esc(why),
            head,
            html::esc(&a.check.summary(l))
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
    out
}

fn history_html(r: &ReportView, l: Lang) -> String {
    let mut out = format!(
        r#"<h3>{}</h3><ol class="timeline">"#,
        t("Riwayat", "History")
    );
    for h in &r.history {
        out += &format!(
            "<li><time>{}</time><strong>{}</strong>",
            html::esc(&util::date_time(h.at, l)),
            html::esc(h.status.label(l))
        );
        if let Some(u) = &h.to_unit {
            out += &format!(
                "<span>{}{}</span>",
                t("Unit: ", "Unit: "),
                html::esc(&util::unit_name(&u.code, &u.name))
            );
        }
        if let Some(n) = h.note.as_ref().filter(|n| !n.is_empty()) {
            out += &format!(r#"<p class="body">{}</p>"#, html::esc(n));
        }
        out += "</li>";
    }
    out + "</ol>"
}

/// The report as its holder may see it, as one HTML string (read-only; links are the router's).
fn detail_html(r: &ReportView) -> String {
    let l = lang();
    // Who may see the report, unless it is public.
    let tag = if r.privacy.shows_identity() {
        String::new()
    } else {
        format!(r#"<span class="tag">{}</span>"#, r.privacy.label(l))
    };
    let mut out = format!(
        r#"<p class="code big">{}</p><h2>{}</h2><p><span class="status status-{}">{}</span>{tag}</p>{}"#,
        html::esc(&r.display_code),
        html::esc(&r.title),
        r.status.code(),
        html::esc(r.status.label(l)),
        facts_html(r, l),
    );
    if let Some(d) = &r.due {
        out += &format!(
            r#"<p class="{}">{}</p>"#,
            if d.overdue { "due overdue" } else { "due" },
            html::esc(&due_text(d, l))
        );
    }
    if let Some(s) = domain::support::count_text(r.supporters, l) {
        out += &format!(r#"<p class="supporters">{}</p>"#, html::esc(&s));
    }
    for g in [&r.guidance, &r.held].into_iter().flatten() {
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
    out += &(photos_html(r) + &responses_html(r, l) + &history_html(r, l));
    if r.held.is_none() && r.privacy.is_listed() {
        // A plain form: the server's page takes the flag (one per network).
        let reasons: String = domain::moderation::FlagReason::ALL
            .iter()
            .map(|x| {
                format!(
                    r#"<label class="choice"><input type="radio" name="reason" value="{}" required> {}</label>"#,
                    x.code(),
                    html::esc(x.label(l))
                )
            })
            .collect();
        let [summary, explain, legend, note, button] = domain::moderation::form_text(l);
        out += &format!(
            r#"<details class="flag"><summary>{summary}</summary><form method="post" action="/lacak/{}/tandai" class="respond"><p>{explain}</p><fieldset class="field"><legend>{legend}</legend>{reasons}</fieldset><div class="field"><label for="f-flag-note">{note}</label><textarea id="f-flag-note" name="note" rows="2" maxlength="{}"></textarea></div><button type="submit" class="secondary">{button}</button></form></details>"#,
            html::esc(&r.tracking_code),
            domain::moderation::FLAG_NOTE_MAX,
        );
    }
    if !r.privacy.shows_identity() {
        // A plain form: the server's page lists the openings for the reporter code.
        let (question, explain) = domain::lifecycle::scope::identity_question(l);
        out += &format!(
            r#"<form method="post" action="/lacak/{}/identitas" class="respond identity"><h3>{question}</h3><p>{explain}</p><div class="field"><label for="f-token-identity">{}</label><input id="f-token-identity" name="token" autocomplete="off"></div><button type="submit" class="secondary">{}</button></form>"#,
            html::esc(&r.tracking_code),
            t(
                "Kode pelapor (dari tanda terima)",
                "Reporter code (from the receipt)"
            ),
            t("Lihat", "Show"),
        );
    }
    out
}

#[component]
fn ReportDetail(
    r: ReportView,
    secret: Option<String>,
    retry: RwSignal<u32>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <article class="report-detail" inner_html=detail_html(&r)></article>
        <crate::pages::respond::Respond code=r.tracking_code.clone() status=r.status followup_open=r.followup_open secret=secret.clone() retry=retry notice=notice/>
        <ChainCheck code=r.tracking_code.clone() secret=secret/>
    }
}

/// "Periksa keutuhan riwayat": this phone fetches the report's proof and the published daily
/// heads and recomputes every entry with `domain::chain` — the same rules the server seals with.
#[component]
fn ChainCheck(code: String, secret: Option<String>) -> impl IntoView {
    let outcome = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let (code, secret) = (StoredValue::new(code), StoredValue::new(secret));
    let check = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let url = format!("/api/v1/reports/{}/proof", code.get_value());
            let secret = secret.get_value();
            let proof = api::get_with::<ChainProof>(&url, secret.as_deref()).await;
            let heads = api::get_with::<ChainHeads>("/api/v1/chain/heads?days=366", None).await;
            busy.set(false);
            outcome.set(Some(chain_outcome(proof, heads)));
        });
    };
    view! {
        <section class="chain-check">
            <h3>{t("Keutuhan riwayat", "History integrity")}</h3>
            <p>{t(
                "Setiap catatan riwayat dikunci dengan sidik yang mencakup catatan sebelumnya, dan sidik harian diumumkan di halaman Statistik. Ponsel Anda dapat menghitungnya ulang sendiri.",
                "Every history entry is locked with a hash that covers the entry before it, and the daily hashes are published on the Statistics page. Your phone can recompute them itself.",
            )}</p>
            <button type="button" class="secondary" id="chain-check" on:click=check disabled=move || busy.get()>
                {t("Periksa keutuhan riwayat", "Check the history's integrity")}
            </button>
            {move || outcome.get().map(|(ok, text)| view! {
                <p class=if ok { "banner ok" } else { "notice" } role="status">{text}</p>
            })}
        </section>
    }
}

/// What the check found, in words: whether every segment arrives at the head published for its
/// day.
fn chain_outcome(
    proof: Result<ChainProof, Failure>,
    heads: Result<ChainHeads, Failure>,
) -> (bool, String) {
    let (proof, heads) = match (proof, heads) {
        (Ok(p), Ok(h)) => (p, h),
        _ => {
            return (
                false,
                t(
                    "Bukti tidak dapat diambil sekarang. Periksa koneksi lalu coba lagi.",
                    "The proof could not be fetched now. Check the connection and try again.",
                )
                .to_string(),
            )
        }
    };
    let entries = proof
        .segments
        .iter()
        .flat_map(|s| &s.links)
        .filter(|l| l.entry.is_some())
        .count();
    match domain::chain::verify_proof(&proof) {
        Err(_) => (
            false,
            t(
                "Riwayat laporan ini TIDAK cocok dengan sidiknya: ada catatan yang diubah. Laporkan ke Inspektorat.",
                "This report's history does NOT match its hashes: an entry was changed. Tell the Inspectorate.",
            )
            .to_string(),
        ),
        Ok(reached) => {
            let published = |day: &str, head: &str| {
                heads.heads.iter().any(|h| h.day == day && h.head == head)
            };
            match reached.iter().find(|(d, h)| !published(d, h)) {
                Some((day, _)) => (
                    false,
                    format!(
                        "{} {day}.",
                        t(
                            "Riwayat laporan ini tidak cocok dengan sidik yang diumumkan untuk",
                            "This report's history does not match the hash published for"
                        )
                    ),
                ),
                None => (
                    true,
                    format!(
                        "{} {entries} {} {}.",
                        t("Utuh:", "Intact:"),
                        t(
                            "catatan publik dihitung ulang di ponsel ini dan cocok dengan sidik harian yang diumumkan untuk",
                            "public entries recomputed on this phone match the daily hashes published for"
                        ),
                        reached
                            .iter()
                            .map(|(d, _)| d.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            }
        }
    }
}
