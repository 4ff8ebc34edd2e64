//! The report form (`GET /lapor`, and every answer of `POST /lapor` but the receipt): the
//! citizen's input kept, each error next to its field, the "Cari" suggestions, the chosen
//! category's questions and who will handle the report.

use super::fields::{
    option, photo_input, radio_group, select_field, Choice, Errors, Input, TextArea,
};
use super::post::FormValues;
use super::{error_summary, public_html_response, site_header, t};
use crate::{api, submit, AppState, ReqLang};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::catalog::{self, RegionKind, CATEGORIES, REGIONS, TOPICS};
use domain::feedback::chars;
use domain::report::{BODY_MAX, BODY_MIN, DETAIL_MAX, EMAIL_MAX, NAME_MAX, TITLE_MAX, TITLE_MIN};
use domain::wire::RouteView;
use domain::{Lang, Privacy, ReportType};
use maud::{html, Markup};

/// `?kategori=` (or `?category=`) chooses a category; `?embed=1` posts back to the embed.
#[derive(serde::Deserialize, Default)]
pub struct FormQuery {
    pub kategori: Option<String>,
    pub category: Option<String>,
    pub embed: Option<String>,
}

/// The title of the form's pages.
pub(super) fn title(lang: Lang) -> &'static str {
    t(
        lang,
        "Buat laporan — Lapor Natuna",
        "Make a report — Lapor Natuna",
    )
}

/// A fresh `Idempotency-Key` for one form: sending it twice stores one report.
pub(super) fn new_idem() -> String {
    hex::encode(submit::random::<16>())
}

/// `GET /lapor`
pub async fn form_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Query(q): Query<FormQuery>,
) -> Response {
    blank_form(&state, lang, q, false, title(lang))
}

/// An empty form, with the category of `?kategori=` chosen when it exists.
pub(super) fn blank_form(
    state: &AppState,
    lang: Lang,
    q: FormQuery,
    embed: bool,
    title: &str,
) -> Response {
    let mut v = FormValues::default();
    if let Some(c) = q
        .kategori
        .or(q.category)
        .filter(|c| catalog::category(c).is_some())
    {
        v.set("category", c);
    }
    let body = form_html(&v, &Errors::new(), None, lang, embed, &new_idem());
    public_html_response(StatusCode::OK, state.assets.page(title, &body, lang))
}

/// The whole form (with the site's header unless embedded), with the citizen's input kept, each
/// error next to its field and `summary` above them.
pub(super) fn form_html(
    v: &FormValues,
    errors: &Errors,
    summary: Option<&str>,
    lang: Lang,
    embed: bool,
    idem: &str,
) -> String {
    let action = if embed { "/lapor?embed=1" } else { "/lapor" };
    html! {
        @if !embed { (site_header(lang)) }
        main class="nojs" {
            h1 { (t(lang, "Buat laporan", "Make a report")) }
            @if let Some(m) = summary { (error_summary(m)) }
            form method="post" action=(action) enctype="multipart/form-data" novalidate {
                input type="hidden" name="idem" value=(idem);
                (story(v, lang))
                (problem(v, errors, lang))
                (place(v, errors, lang))
                (description(v, errors, lang))
                (reporter(v, errors, lang))
                (honeypot(lang))
                button type="submit" name="action" value="kirim" class="primary" {
                    (t(lang, "Kirim laporan", "Send report"))
                }
            }
        }
    }
    .into_string()
}

/// "Ceritakan masalah Anda": a text box and a "Cari" button; after a search, the three most
/// likely categories (from `domain::suggest`, the same as the app and `/api/v1/suggest`), each a
/// button that chooses it. Nothing is chosen without the citizen pressing one.
fn story(v: &FormValues, lang: Lang) -> Markup {
    let story = TextArea {
        name: "cerita",
        label: t(lang, "Ceritakan masalah Anda", "Describe your problem"),
        hint: t(
            lang,
            "Tulis dengan kata-kata Anda sendiri, lalu tekan \"Cari\" untuk melihat kategori yang cocok.",
            "Write in your own words, then press \"Search\" to see matching categories.",
        ),
        rows: 3,
        maxlength: BODY_MAX,
    };
    html! {
        div class="story" {
            (story.render(v.get("cerita"), &Errors::new()))
            button type="submit" name="action" value="cari" class="secondary" {
                (t(lang, "Cari", "Search"))
            }
            @if v.get("action") == "cari" { (suggestions(v, lang)) }
        }
    }
}

/// The categories that best match the story, each a button that chooses it.
fn suggestions(v: &FormValues, lang: Lang) -> Markup {
    let found = api::suggestions(v.get("cerita"), v.opt("desa").as_deref(), 3, lang);
    if found.is_empty() {
        return html! {
            p class="hint" role="status" {
                (t(lang, "Belum ada kategori yang cocok. Pilih kategori dari daftar di bawah.", "No matching category yet. Choose one from the list below."))
            }
        };
    }
    html! {
        div class="suggestions" role="status" {
            p { (t(lang, "Kategori yang paling cocok (tekan untuk memilih):", "Best matching categories (press to choose):")) }
            @for f in &found {
                button type="submit" name="action" value={ "pilih:" (f.category.code) } class="suggestion" {
                    b { (f.category.name) }
                    span {
                        @if f.route.external {
                            (t(lang, "Bukan wewenang Pemkab:", "Not the regency's:"))
                        } @else {
                            (t(lang, "Ditangani:", "Handled by:"))
                        }
                        " " (f.route.unit.name)
                    }
                }
            }
            p class="hint" { (t(lang, "Bukan ini? Pilih kategori dari daftar di bawah.", "Not these? Choose a category from the list below.")) }
        }
    }
}

/// The kind of report, its category, the category's questions and who will handle it.
fn problem(v: &FormValues, errors: &Errors, lang: Lang) -> Markup {
    let types: Vec<Choice> = ReportType::ALL
        .iter()
        .map(|t| Choice {
            value: t.code(),
            label: t.label(lang),
            explain: t.explain(lang),
        })
        .collect();
    html! {
        (radio_group("type", t(lang, "Jenis laporan", "Kind of report"), &types, v.get("type"), errors))
        (category_select(v, errors, lang))
        @if let Some(cat) = catalog::category(v.get("category")) {
            @for q in cat.questions() {
                (question(q, v, errors, lang))
            }
            (route_preview(v, lang))
        } @else {
            p class="hint" {
                (t(lang, "Setelah memilih kategori, tekan \"Pilih kategori\" untuk melihat pertanyaan lanjutan dan unit yang akan menangani laporan Anda.", "After choosing a category, press \"Choose category\" to see follow-up questions and the unit that will handle your report."))
            }
        }
        button type="submit" name="action" value="pilih" class="secondary" {
            (t(lang, "Pilih kategori", "Choose category"))
        }
    }
}

/// The categories, grouped by topic.
fn category_select(v: &FormValues, errors: &Errors, lang: Lang) -> Markup {
    let options = html! {
        @for topic in TOPICS {
            optgroup label=(topic.name.get(lang)) {
                @for c in CATEGORIES.iter().filter(|c| c.topic().code == topic.code) {
                    (option(c.code, c.name.get(lang), v.get("category")))
                }
            }
        }
    };
    select_field(
        "category",
        t(lang, "Kategori masalah", "Problem category"),
        t(lang, "— Pilih kategori —", "— Choose a category —"),
        options,
        errors,
    )
}

/// One of the chosen category's questions, as a `<select>` named `q_<code>`.
fn question(q: &catalog::Question, v: &FormValues, errors: &Errors, lang: Lang) -> Markup {
    let name = format!("q_{}", q.code);
    let options = html! {
        @for o in q.options {
            (option(o.value, o.label.get(lang), v.get(&name)))
        }
    };
    select_field(
        &name,
        q.text.get(lang),
        t(lang, "— Pilih —", "— Choose —"),
        options,
        errors,
    )
}

/// The route preview for the chosen category: who will handle it and why.
fn route_preview(v: &FormValues, lang: Lang) -> Markup {
    let raw = v.to_raw();
    let Some(cat) = raw.category.as_deref().and_then(catalog::category) else {
        return html! {};
    };
    let answers: Vec<(&str, &str)> = raw
        .answers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let route = domain::route(&domain::RouteRequest {
        category: cat.code,
        answers,
        location: raw.location.desa.as_deref(),
    });
    let r = RouteView::of(&route, lang);
    html! {
        @if let Some(g) = &r.guidance {
            div class="route external" role="status" {
                p { b { (t(lang, "Perhatian:", "Note:")) } " " (g) }
                p { (r.reason) }
                p { (domain::routing::IF_SENT_EXTERNAL.get(lang)) }
            }
        } @else {
            div class="route" role="status" {
                p {
                    (t(lang, "Laporan Anda akan ditangani oleh:", "Your report will be handled by:"))
                    " " b { (r.unit.name) }
                }
                p { (r.reason) }
            }
        }
    }
}

/// Where the problem is: the desa or kelurahan (grouped by kecamatan) and a landmark.
fn place(v: &FormValues, errors: &Errors, lang: Lang) -> Markup {
    let options = html! {
        @for kec in REGIONS.iter().filter(|r| r.parent.is_none()) {
            optgroup label=(kec.display_name()) {
                @for d in REGIONS.iter().filter(|r| r.parent.map(|p| p.get().code) == Some(kec.code)) {
                    (option(d.code, &format!("{} {}", kind_label(d.kind), d.name), v.get("desa")))
                }
            }
        }
    };
    let detail = Input {
        maxlength: Some(DETAIL_MAX),
        ..Input::text(
            "detail",
            t(
                lang,
                "Detail lokasi (nama jalan, patokan)",
                "Location detail (street, landmark)",
            ),
        )
    };
    html! {
        (select_field(
            "desa",
            t(lang, "Desa/kelurahan tempat masalah", "Village where the problem is"),
            t(lang, "— Pilih desa/kelurahan —", "— Choose a village —"),
            options,
            errors,
        ))
        (detail.render(v.get("detail"), errors))
    }
}

/// "Desa" or "Kel." before a village's name, as Natuna writes it.
fn kind_label(kind: RegionKind) -> &'static str {
    match kind {
        RegionKind::Kelurahan => "Kel.",
        RegionKind::Desa | RegionKind::Kecamatan => "Desa",
    }
}

/// The title, the story, the date and a photo.
fn description(v: &FormValues, errors: &Errors, lang: Lang) -> Markup {
    let title_hint = match lang {
        Lang::Id => format!("Singkat dan jelas, {TITLE_MIN}–{}.", chars(TITLE_MAX, lang)),
        Lang::En => format!("Short and clear, {TITLE_MIN}–{}.", chars(TITLE_MAX, lang)),
    };
    let title = Input {
        hint: &title_hint,
        maxlength: Some(TITLE_MAX),
        ..Input::text("title", t(lang, "Judul laporan", "Title"))
    };
    let body_hint = match lang {
        Lang::Id => format!(
            "Ceritakan apa, di mana, dan sejak kapan. {BODY_MIN}–{}.",
            chars(BODY_MAX, lang)
        ),
        Lang::En => format!(
            "Tell what, where and since when. {BODY_MIN}–{}.",
            chars(BODY_MAX, lang)
        ),
    };
    let body = TextArea {
        name: "body",
        label: t(lang, "Isi laporan", "Description"),
        hint: &body_hint,
        rows: 6,
        maxlength: BODY_MAX,
    };
    let date = Input {
        kind: "date",
        ..Input::text(
            "incident_date",
            t(
                lang,
                "Tanggal kejadian (tidak wajib)",
                "Date of the incident (optional)",
            ),
        )
    };
    html! {
        (title.render(v.get("title"), errors))
        (body.render(v.get("body"), errors))
        (date.render(v.get("incident_date"), errors))
        (photo_input(
            "photo",
            t(lang, "Foto (tidak wajib)", "Photo (optional)"),
            t(lang, "Satu foto JPEG, PNG, atau WebP. Data lokasi di dalam foto dihapus.", "One JPEG, PNG or WebP photo. Location data inside the photo is removed."),
            "image/jpeg,image/png,image/webp",
            errors,
        ))
    }
}

/// Who may see the report, and who the reporter is.
fn reporter(v: &FormValues, errors: &Errors, lang: Lang) -> Markup {
    let privacy: Vec<Choice> = Privacy::ALL
        .iter()
        .map(|p| Choice {
            value: p.code(),
            label: p.label(lang),
            explain: p.explain(lang),
        })
        .collect();
    let name = Input {
        hint: t(
            lang,
            "Wajib untuk laporan publik.",
            "Required for a public report.",
        ),
        autocomplete: Some("name"),
        maxlength: Some(NAME_MAX),
        ..Input::text("name", t(lang, "Nama", "Name"))
    };
    let phone = Input {
        hint: t(lang, "Contoh: 0812 3456 7890", "E.g. 0812 3456 7890"),
        kind: "tel",
        autocomplete: Some("tel"),
        ..Input::text(
            "phone",
            t(lang, "Nomor HP (tidak wajib)", "Phone (optional)"),
        )
    };
    let email = Input {
        kind: "email",
        autocomplete: Some("email"),
        maxlength: Some(EMAIL_MAX),
        ..Input::text(
            "email",
            t(lang, "E-mail (tidak wajib)", "E-mail (optional)"),
        )
    };
    html! {
        (radio_group("privacy", t(lang, "Kerahasiaan", "Privacy"), &privacy, v.get("privacy"), errors))
        (name.render(v.get("name"), errors))
        (phone.render(v.get("phone"), errors))
        (email.render(v.get("email"), errors))
    }
}

/// A field people never see; bots fill it.
fn honeypot(lang: Lang) -> Markup {
    html! {
        div class="hp" aria-hidden="true" {
            label for="f-website" { (t(lang, "Jangan isi kolom ini", "Leave this empty")) }
            input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off";
        }
    }
}
