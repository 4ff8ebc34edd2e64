//! Pages that work with no JavaScript at all, for old phones and for the seconds (or minutes)
//! before the wasm arrives: the report form (`/lapor`, posting form-urlencoded or multipart), its
//! receipt, the status page (`/lacak`), the public list (`/laporan`) and a home page. The same
//! `submit` path, the same `domain` validation and routing, the same store as the JSON API.
//! Everything a citizen typed is rendered back escaped.

use crate::api::{self, ListQuery};
use crate::error::ApiError;
use crate::submit::{self, Outcome, Submission};
use crate::views;
use crate::{AppState, ClientIp, ReqLang};
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::catalog::{self, CATEGORIES, REGIONS, TOPICS};
use domain::report::{RawCoord, RawLocation, RawReport, RawReporter};
use domain::wire::{AcceptRequest, Receipt, ReopenRequest, ReportView};
use domain::{Lang, Privacy, ReportType};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

pub use domain::text::escape_html as esc;

fn t(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

fn header_html(lang: Lang) -> String {
    format!(
        "<header class=\"site\"><a class=\"brand\" href=\"/\">Lapor Natuna</a><nav><a href=\"/lapor\">{}</a> <a href=\"/lacak\">{}</a> <a href=\"/laporan\">{}</a> <a href=\"?lang={}\" hreflang=\"{}\">{}</a></nav></header>",
        t(lang, "Buat laporan", "Report"),
        t(lang, "Lacak", "Track"),
        t(lang, "Laporan publik", "Public reports"),
        if lang == Lang::Id { "en" } else { "id" },
        if lang == Lang::Id { "en" } else { "id" },
        if lang == Lang::Id { "English" } else { "Bahasa Indonesia" },
    )
}

fn html_response(status: StatusCode, html: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Html(html),
    )
        .into_response()
}

/// Form values as typed, kept to re-render the form.
#[derive(Debug, Default, Clone)]
pub struct FormValues {
    pub v: HashMap<String, String>,
}

impl FormValues {
    fn get(&self, k: &str) -> &str {
        self.v.get(k).map(String::as_str).unwrap_or("")
    }
    fn opt(&self, k: &str) -> Option<String> {
        self.v.get(k).filter(|s| !s.is_empty()).cloned()
    }

    /// The report as the domain reads it. Answers only for the chosen category's questions:
    /// the form shows a category's questions only after it is chosen.
    fn to_raw(&self) -> RawReport {
        let category = self.opt("category");
        let mut answers = BTreeMap::new();
        if let Some(cat) = category.as_deref().and_then(catalog::category) {
            for q in cat.questions() {
                if let Some(v) = self.opt(&format!("q_{}", q.code)) {
                    answers.insert(q.code.to_string(), v);
                }
            }
        }
        RawReport {
            report_type: self.opt("type"),
            category,
            answers,
            title: self.opt("title"),
            body: self.opt("body"),
            incident_date: self.opt("incident_date"),
            location: RawLocation {
                desa: self.opt("desa"),
                detail: self.opt("detail"),
                lat: self.opt("lat").map(RawCoord::Text),
                lon: self.opt("lon").map(RawCoord::Text),
            },
            privacy: self.opt("privacy"),
            reporter: RawReporter {
                name: self.opt("name"),
                phone: self.opt("phone"),
                email: self.opt("email"),
            },
            catalog_version: None,
            attachments: vec![],
        }
    }
}

/// Maps the API's field names to the form's input names.
fn input_of(field: &str) -> String {
    match field {
        "location.desa" => "desa".into(),
        "location.detail" => "detail".into(),
        "location.lat" | "location.lon" => "lat".into(),
        "reporter.name" => "name".into(),
        "reporter.phone" => "phone".into(),
        "reporter.email" => "email".into(),
        "attachments" => "photo".into(),
        f if f.starts_with("answers.") => format!("q_{}", &f[8..]),
        f => f.into(),
    }
}

fn err_html(errors: &HashMap<String, String>, name: &str) -> String {
    errors
        .get(name)
        .map(|m| {
            format!(
                "<p class=\"field-error\" id=\"err-{name}\" role=\"alert\">{}</p>",
                esc(m)
            )
        })
        .unwrap_or_default()
}

fn described(errors: &HashMap<String, String>, name: &str) -> String {
    if errors.contains_key(name) {
        format!(" aria-invalid=\"true\" aria-describedby=\"err-{name}\"")
    } else {
        String::new()
    }
}

fn text_input(
    name: &str,
    label: &str,
    hint: &str,
    kind: &str,
    v: &FormValues,
    errors: &HashMap<String, String>,
    extra: &str,
) -> String {
    format!(
        "<div class=\"field\"><label for=\"f-{name}\">{label}</label>{}<input id=\"f-{name}\" name=\"{name}\" type=\"{kind}\" value=\"{}\"{}{extra}>{}</div>",
        if hint.is_empty() { String::new() } else { format!("<small>{}</small>", esc(hint)) },
        esc(v.get(name)),
        described(errors, name),
        err_html(errors, name)
    )
}

/// A `<select>` field: its label, a "choose" placeholder, `body` (options, maybe in optgroups)
/// and its error.
fn select_field(
    name: &str,
    label: &str,
    placeholder: &str,
    body: &str,
    errors: &HashMap<String, String>,
) -> String {
    format!(
        "<div class=\"field\"><label for=\"f-{name}\">{}</label><select id=\"f-{name}\" name=\"{name}\"{}><option value=\"\">{}</option>{body}</select>{}</div>",
        esc(label),
        described(errors, name),
        esc(placeholder),
        err_html(errors, name)
    )
}

/// One `<option>`, selected when it is the form's current value.
fn option(value: &str, label: &str, current: &str) -> String {
    let sel = if current == value { " selected" } else { "" };
    format!(
        "<option value=\"{}\"{sel}>{}</option>",
        esc(value),
        esc(label)
    )
}

fn category_select(v: &FormValues, errors: &HashMap<String, String>, lang: Lang) -> String {
    let mut body = String::new();
    for topic in TOPICS {
        let _ = write!(body, "<optgroup label=\"{}\">", esc(topic.name.get(lang)));
        for c in CATEGORIES.iter().filter(|c| c.topic().code == topic.code) {
            body.push_str(&option(c.code, c.name.get(lang), v.get("category")));
        }
        body.push_str("</optgroup>");
    }
    select_field(
        "category",
        t(lang, "Kategori masalah", "Problem category"),
        t(lang, "— Pilih kategori —", "— Choose a category —"),
        &body,
        errors,
    )
}

fn desa_select(v: &FormValues, errors: &HashMap<String, String>, lang: Lang) -> String {
    let mut body = String::new();
    for kec in REGIONS.iter().filter(|r| r.parent.is_none()) {
        let _ = write!(body, "<optgroup label=\"Kec. {}\">", esc(kec.name));
        for d in REGIONS
            .iter()
            .filter(|r| r.parent.map(|p| p.get().code) == Some(kec.code))
        {
            let kind = if d.kind == catalog::RegionKind::Kelurahan {
                "Kel."
            } else {
                "Desa"
            };
            body.push_str(&option(
                d.code,
                &format!("{kind} {}", d.name),
                v.get("desa"),
            ));
        }
        body.push_str("</optgroup>");
    }
    select_field(
        "desa",
        t(
            lang,
            "Desa/kelurahan tempat masalah",
            "Village where the problem is",
        ),
        t(lang, "— Pilih desa/kelurahan —", "— Choose a village —"),
        &body,
        errors,
    )
}

fn radio_group(
    name: &str,
    legend: &str,
    options: &[(&str, &str, &str)],
    v: &FormValues,
    errors: &HashMap<String, String>,
) -> String {
    let mut s = format!(
        "<fieldset class=\"field\"{}><legend>{legend}</legend>",
        described(errors, name)
    );
    for (value, label, explain) in options {
        let checked = if v.get(name) == *value {
            " checked"
        } else {
            ""
        };
        let _ = write!(
            s,
            "<label class=\"choice\"><input type=\"radio\" name=\"{name}\" value=\"{value}\"{checked}> <b>{}</b> <span>{}</span></label>",
            esc(label),
            esc(explain)
        );
    }
    s.push_str(&err_html(errors, name));
    s.push_str("</fieldset>");
    s
}

/// The route preview for the chosen category: who will handle it and why.
fn route_preview(v: &FormValues, lang: Lang) -> String {
    let raw = v.to_raw();
    let Some(cat) = raw.category.as_deref().and_then(catalog::category) else {
        return String::new();
    };
    let answers: Vec<(&str, &str)> = raw
        .answers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = domain::route(&domain::RouteRequest {
        category: cat.code,
        answers,
        location: raw.location.desa.as_deref(),
    });
    if let Some(g) = r.guidance() {
        format!(
            "<div class=\"route external\" role=\"status\"><p><b>{}</b> {}</p><p>{}</p></div>",
            t(lang, "Perhatian:", "Note:"),
            esc(g.get(lang)),
            esc(r.reason.get(lang))
        )
    } else {
        format!(
            "<div class=\"route\" role=\"status\"><p>{} <b>{}</b></p><p>{}</p></div>",
            t(
                lang,
                "Laporan Anda akan ditangani oleh:",
                "Your report will be handled by:"
            ),
            esc(&r.unit.display_name(lang)),
            esc(r.reason.get(lang))
        )
    }
}

/// "Ceritakan masalah Anda": a text box and a "Cari" button; after a search, the three most
/// likely categories (from `domain::suggest`, the same as the app and `/api/v1/suggest`), each a
/// button that chooses it. Nothing is chosen without the citizen pressing one.
fn story_html(v: &FormValues, lang: Lang) -> String {
    let mut s = format!(
        "<div class=\"story\"><div class=\"field\"><label for=\"f-cerita\">{}</label><small>{}</small><textarea id=\"f-cerita\" name=\"cerita\" rows=\"3\" maxlength=\"4000\">{}</textarea></div><button type=\"submit\" name=\"action\" value=\"cari\" class=\"secondary\">{}</button>",
        t(lang, "Ceritakan masalah Anda", "Describe your problem"),
        t(lang, "Tulis dengan kata-kata Anda sendiri, lalu tekan \"Cari\" untuk melihat kategori yang cocok.", "Write in your own words, then press \"Search\" to see matching categories."),
        esc(v.get("cerita")),
        t(lang, "Cari", "Search"),
    );
    if v.get("action") == "cari" {
        let found = crate::api::suggestions(v.get("cerita"), v.opt("desa").as_deref(), 3, lang);
        if found.is_empty() {
            let _ = write!(
                s,
                "<p class=\"hint\" role=\"status\">{}</p>",
                t(
                    lang,
                    "Belum ada kategori yang cocok. Pilih kategori dari daftar di bawah.",
                    "No matching category yet. Choose one from the list below."
                )
            );
        } else {
            let _ = write!(
                s,
                "<div class=\"suggestions\" role=\"status\"><p>{}</p>",
                t(
                    lang,
                    "Kategori yang paling cocok (tekan untuk memilih):",
                    "Best matching categories (press to choose):"
                )
            );
            for f in &found {
                let unit = &f.route.unit.name;
                let _ = write!(
                    s,
                    "<button type=\"submit\" name=\"action\" value=\"pilih:{}\" class=\"suggestion\"><b>{}</b><span>{} {}</span></button>",
                    esc(&f.category.code),
                    esc(&f.category.name),
                    if f.route.external { t(lang, "Bukan wewenang Pemkab:", "Not the regency's:") } else { t(lang, "Ditangani:", "Handled by:") },
                    esc(unit)
                );
            }
            let _ = write!(
                s,
                "<p class=\"hint\">{}</p></div>",
                t(
                    lang,
                    "Bukan ini? Pilih kategori dari daftar di bawah.",
                    "Not these? Choose a category from the list below."
                )
            );
        }
    }
    s.push_str("</div>");
    s
}

/// The whole form, with the citizen's input kept and each error next to its field.
pub fn form_html(
    v: &FormValues,
    errors: &HashMap<String, String>,
    summary: Option<&str>,
    lang: Lang,
    embed: bool,
    idem: &str,
) -> String {
    let mut s = String::new();
    if !embed {
        s.push_str(&header_html(lang));
    }
    let _ = write!(
        s,
        "<main class=\"nojs\"><h1>{}</h1>",
        t(lang, "Buat laporan", "Make a report")
    );
    if let Some(m) = summary {
        let _ = write!(
            s,
            "<div class=\"error-summary\" role=\"alert\"><p>{}</p></div>",
            esc(m)
        );
    }
    let _ = write!(
        s,
        "<form method=\"post\" action=\"/lapor{}\" enctype=\"multipart/form-data\" novalidate><input type=\"hidden\" name=\"idem\" value=\"{}\">",
        if embed { "?embed=1" } else { "" },
        esc(idem)
    );
    s.push_str(&story_html(v, lang));
    let types: Vec<(&str, &str, &str)> = ReportType::ALL
        .iter()
        .map(|t| (t.code(), t.label(lang), t.explain(lang)))
        .collect();
    s.push_str(&radio_group(
        "type",
        t(lang, "Jenis laporan", "Kind of report"),
        &types,
        v,
        errors,
    ));
    s.push_str(&category_select(v, errors, lang));
    let chosen = catalog::category(v.get("category"));
    match chosen {
        Some(cat) => {
            for q in cat.questions() {
                let name = format!("q_{}", q.code);
                let body: String = q
                    .options
                    .iter()
                    .map(|o| option(o.value, o.label.get(lang), v.get(&name)))
                    .collect();
                s.push_str(&select_field(
                    &name,
                    q.text.get(lang),
                    t(lang, "— Pilih —", "— Choose —"),
                    &body,
                    errors,
                ));
            }
            s.push_str(&route_preview(v, lang));
        }
        None => {
            let _ = write!(
                s,
                "<p class=\"hint\">{}</p>",
                t(lang, "Setelah memilih kategori, tekan \"Pilih kategori\" untuk melihat pertanyaan lanjutan dan unit yang akan menangani laporan Anda.", "After choosing a category, press \"Choose category\" to see follow-up questions and the unit that will handle your report.")
            );
        }
    }
    let _ = write!(
        s,
        "<button type=\"submit\" name=\"action\" value=\"pilih\" class=\"secondary\">{}</button>",
        t(lang, "Pilih kategori", "Choose category")
    );
    s.push_str(&desa_select(v, errors, lang));
    s.push_str(&text_input(
        "detail",
        t(
            lang,
            "Detail lokasi (nama jalan, patokan)",
            "Location detail (street, landmark)",
        ),
        "",
        "text",
        v,
        errors,
        " maxlength=\"300\"",
    ));
    s.push_str(&text_input(
        "title",
        t(lang, "Judul laporan", "Title"),
        t(
            lang,
            "Singkat dan jelas, 10–150 karakter.",
            "Short and clear, 10–150 characters.",
        ),
        "text",
        v,
        errors,
        " maxlength=\"150\"",
    ));
    let _ = write!(
        s,
        "<div class=\"field\"><label for=\"f-body\">{}</label><small>{}</small><textarea id=\"f-body\" name=\"body\" rows=\"6\" maxlength=\"4000\"{}>{}</textarea>{}</div>",
        t(lang, "Isi laporan", "Description"),
        t(lang, "Ceritakan apa, di mana, dan sejak kapan. 30–4.000 karakter.", "Tell what, where and since when. 30–4,000 characters."),
        described(errors, "body"),
        esc(v.get("body")),
        err_html(errors, "body")
    );
    s.push_str(&text_input(
        "incident_date",
        t(
            lang,
            "Tanggal kejadian (tidak wajib)",
            "Date of the incident (optional)",
        ),
        "",
        "date",
        v,
        errors,
        "",
    ));
    let _ = write!(
        s,
        "<div class=\"field\"><label for=\"f-photo\">{}</label><small>{}</small><input id=\"f-photo\" name=\"photo\" type=\"file\" accept=\"image/jpeg,image/png,image/webp\"{}>{}</div>",
        t(lang, "Foto (tidak wajib)", "Photo (optional)"),
        t(lang, "Satu foto JPEG, PNG, atau WebP. Data lokasi di dalam foto dihapus.", "One JPEG, PNG or WebP photo. Location data inside the photo is removed."),
        described(errors, "photo"),
        err_html(errors, "photo")
    );
    let privacy: Vec<(&str, &str, &str)> = Privacy::ALL
        .iter()
        .map(|p| (p.code(), p.label(lang), p.explain(lang)))
        .collect();
    s.push_str(&radio_group(
        "privacy",
        t(lang, "Kerahasiaan", "Privacy"),
        &privacy,
        v,
        errors,
    ));
    s.push_str(&text_input(
        "name",
        t(lang, "Nama", "Name"),
        t(
            lang,
            "Wajib untuk laporan publik.",
            "Required for a public report.",
        ),
        "text",
        v,
        errors,
        " autocomplete=\"name\" maxlength=\"100\"",
    ));
    s.push_str(&text_input(
        "phone",
        t(lang, "Nomor HP (tidak wajib)", "Phone (optional)"),
        t(lang, "Contoh: 0812 3456 7890", "E.g. 0812 3456 7890"),
        "tel",
        v,
        errors,
        " autocomplete=\"tel\"",
    ));
    s.push_str(&text_input(
        "email",
        t(lang, "E-mail (tidak wajib)", "E-mail (optional)"),
        "",
        "email",
        v,
        errors,
        " autocomplete=\"email\"",
    ));
    // A field people never see; bots fill it.
    let _ = write!(
        s,
        "<div class=\"hp\" aria-hidden=\"true\"><label for=\"f-website\">{}</label><input id=\"f-website\" name=\"website\" type=\"text\" tabindex=\"-1\" autocomplete=\"off\"></div>",
        t(lang, "Jangan isi kolom ini", "Leave this empty")
    );
    let _ = write!(s, "<button type=\"submit\" name=\"action\" value=\"kirim\" class=\"primary\">{}</button></form></main>", t(lang, "Kirim laporan", "Send report"));
    s
}

fn new_idem() -> String {
    hex::encode(submit::random::<16>())
}

#[derive(serde::Deserialize, Default)]
pub struct FormQuery {
    pub kategori: Option<String>,
    pub category: Option<String>,
    pub embed: Option<String>,
}

pub async fn form_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Query(q): Query<FormQuery>,
) -> Response {
    let title = t(
        lang,
        "Buat laporan — Lapor Natuna",
        "Make a report — Lapor Natuna",
    );
    blank_form(&state, lang, q, false, title)
}

/// The form alone, for an iframe on another site (`/embed`).
pub async fn embed_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Query(q): Query<FormQuery>,
) -> Response {
    blank_form(&state, lang, q, true, "Lapor Natuna")
}

/// An empty form, with the category of `?kategori=` chosen when it exists.
fn blank_form(state: &AppState, lang: Lang, q: FormQuery, embed: bool, title: &str) -> Response {
    let mut v = FormValues::default();
    if let Some(c) = q
        .kategori
        .or(q.category)
        .filter(|c| catalog::category(c).is_some())
    {
        v.v.insert("category".into(), c);
    }
    let body = form_html(&v, &HashMap::new(), None, lang, embed, &new_idem());
    html_response(StatusCode::OK, state.assets.page(title, &body, lang))
}

async fn read_form(req: Request, state: &AppState) -> Result<(FormValues, Vec<Vec<u8>>), ApiError> {
    let ctype = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut v = FormValues::default();
    let mut photos = Vec::new();
    if ctype.starts_with("multipart/form-data") {
        let mut mp = Multipart::from_request(req, state).await.map_err(|e| {
            ApiError::bad_request(
                format!("Formulir tidak dapat dibaca: {e}"),
                format!("The form cannot be read: {e}"),
            )
        })?;
        let limits = state.cfg.limits();
        while let Some(mut field) = mp.next_field().await.map_err(|e| {
            ApiError::bad_request(
                format!("Kiriman terputus atau terlalu besar ({e}). Silakan kirim ulang."),
                format!("The upload was cut off or too large ({e}). Please send again."),
            )
        })? {
            let name = field.name().unwrap_or("").to_string();
            if name == "photo" {
                let mut buf = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|e| {
                    ApiError::bad_request(
                        format!("Foto terputus saat dikirim ({e})."),
                        format!("The photo upload was cut off ({e})."),
                    )
                })? {
                    buf.extend_from_slice(&chunk);
                    if buf.len() as u64 > limits.max_photo_bytes {
                        return Err(ApiError::validation(vec![
                            limits.photo_too_large(photos.len() + 1, None)
                        ]));
                    }
                }
                if !buf.is_empty() {
                    photos.push(buf);
                }
            } else {
                let text = field.text().await.map_err(|e| {
                    ApiError::bad_request(
                        format!("Isian tidak dapat dibaca ({e})."),
                        format!("A field cannot be read ({e})."),
                    )
                })?;
                v.v.insert(name, text);
            }
        }
    } else {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| {
                ApiError::bad_request(
                    format!("Formulir tidak dapat dibaca: {e}"),
                    format!("The form cannot be read: {e}"),
                )
            })?;
        for (k, val) in form_urlencoded::parse(&bytes) {
            v.v.insert(k.into_owned(), val.into_owned());
        }
    }
    Ok((v, photos))
}

fn receipt_html(r: &Receipt, lang: Lang) -> String {
    let mut s = header_html(lang);
    let _ = write!(
        s,
        "<main class=\"nojs receipt\"><h1>{}</h1><p>{}</p><p class=\"code\" aria-label=\"{}\">{}</p>",
        t(lang, "Laporan Anda sudah kami terima", "We have received your report"),
        t(lang, "Simpan kode pelacakan ini untuk mengikuti perkembangan laporan Anda:", "Keep this tracking code to follow your report:"),
        t(lang, "Kode pelacakan", "Tracking code"),
        esc(&r.display_code)
    );
    if let Some(g) = &r.guidance {
        let _ = write!(s, "<div class=\"route external\"><p>{}</p></div>", esc(g));
    } else {
        let _ = write!(
            s,
            "<div class=\"route\"><p>{} <b>{}</b></p><p>{}</p></div>",
            t(lang, "Ditangani oleh:", "Handled by:"),
            esc(&r.unit.name),
            esc(&r.reason)
        );
    }
    let _ = write!(
        s,
        "<dl class=\"facts\"><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd></dl>",
        t(lang, "Diverifikasi paling lambat", "Verified by"),
        r.verify_by.long(lang),
        t(lang, "Ditanggapi unit paling lambat", "The unit answers by"),
        r.answer_by.long(lang),
    );
    let (title, why) = if r.reporter_secret.is_some() {
        (
            t(lang, "Kode rahasia dan kode pelapor Anda:", "Your secret and reporter code:"),
            t(lang, "Catat dan simpan kode ini sekarang. Laporan rahasia hanya dapat dibuka dengan kode pelacakan dan kode ini, dan Anda memerlukannya untuk menerima atau membuka kembali jawaban petugas. Kode ini tidak dapat ditampilkan lagi.", "Write this code down and keep it now. A confidential report can only be opened with the tracking code and this code, and you need it to accept or reopen the officers' answer. It cannot be shown again."),
        )
    } else {
        (
            t(lang, "Kode pelapor Anda:", "Your reporter code:"),
            t(lang, "Simpan kode ini: Anda memerlukannya untuk menerima, membuka kembali, atau menilai jawaban petugas. Kode ini tidak dapat ditampilkan lagi.", "Keep this code: you need it to accept, reopen or rate the officers' answer. It cannot be shown again."),
        )
    };
    let _ = write!(
        s,
        "<div class=\"secret\" role=\"note\"><p><b>{title}</b></p><p class=\"code token\">{}</p><p>{why}</p></div>",
        esc(&r.reporter_token)
    );
    let _ = write!(
        s,
        "<p><a class=\"button\" href=\"/lacak/{}\">{}</a></p></main>",
        esc(&r.tracking_code),
        t(lang, "Lihat status laporan", "See the report's status")
    );
    s
}

pub async fn submit_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientIp(ip): ClientIp,
    Query(q): Query<FormQuery>,
    req: Request,
) -> Response {
    let embed = q.embed.is_some();
    let title = t(
        lang,
        "Buat laporan — Lapor Natuna",
        "Make a report — Lapor Natuna",
    );
    let (mut v, photos) = match read_form(req, &state).await {
        Ok(x) => x,
        Err(e) => {
            let e = e.lang(lang);
            let errors: HashMap<String, String> = e
                .fields
                .iter()
                .map(|f| (input_of(&f.field), f.message(lang).to_string()))
                .collect();
            let body = form_html(
                &FormValues::default(),
                &errors,
                Some(e.message()),
                lang,
                embed,
                &new_idem(),
            );
            return html_response(e.status, state.assets.plain_page(title, &body, lang));
        }
    };
    let idem = v.opt("idem").unwrap_or_else(new_idem);
    if v.opt("website").is_some() {
        let body = format!(
            "<main class=\"nojs\"><h1>{}</h1></main>",
            t(
                lang,
                "Formulir tidak dapat diproses. Kosongkan kolom tersembunyi lalu kirim ulang.",
                "The form cannot be processed. Leave the hidden field empty and send again."
            )
        );
        return html_response(
            StatusCode::BAD_REQUEST,
            state.assets.plain_page(title, &body, lang),
        );
    }
    if let Some(code) = v.get("action").strip_prefix("pilih:").map(String::from) {
        if catalog::category(&code).is_some() {
            v.v.insert("category".into(), code);
        }
        v.v.insert("action".into(), "pilih".into());
    }
    if v.get("action") != "kirim" {
        // Choosing a category: show its questions and the route, keep everything typed.
        let body = form_html(&v, &HashMap::new(), None, lang, embed, &idem);
        return html_response(StatusCode::OK, state.assets.plain_page(title, &body, lang));
    }
    let raw = v.to_raw();
    let fingerprint = {
        let json = serde_json::to_vec(&raw).unwrap_or_default();
        let mut parts: Vec<&[u8]> = vec![&json];
        parts.extend(photos.iter().map(Vec::as_slice));
        submit::sha256_hex(&parts)
    };
    let known = state.store.idempotency_known(&idem).await.unwrap_or(false);
    if !known {
        if let Err(e) = state.limiter.check(ip, lang) {
            let body = form_html(&v, &HashMap::new(), Some(e.message()), lang, embed, &idem);
            return html_response(
                StatusCode::TOO_MANY_REQUESTS,
                state.assets.plain_page(title, &body, lang),
            );
        }
    }
    match submit::submit(
        &state,
        Submission {
            raw,
            photos,
            fingerprint,
        },
        Some(&idem),
        "web",
        lang,
    )
    .await
    {
        Ok(outcome) => {
            let status = if matches!(outcome, Outcome::Stored(_)) {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            let html = receipt_html(outcome.receipt(), lang);
            html_response(
                status,
                state.assets.plain_page(
                    t(
                        lang,
                        "Laporan diterima — Lapor Natuna",
                        "Report received — Lapor Natuna",
                    ),
                    &html,
                    lang,
                ),
            )
        }
        Err(e) => {
            let e = e.lang(lang);
            let errors: HashMap<String, String> = e
                .fields
                .iter()
                .map(|f| (input_of(&f.field), f.message(lang).to_string()))
                .collect();
            // A new key if the same key now stands for different input.
            let idem = if e.code == "idempotency_key_reused" {
                new_idem()
            } else {
                idem
            };
            let body = form_html(&v, &errors, Some(e.message()), lang, embed, &idem);
            html_response(e.status, state.assets.plain_page(title, &body, lang))
        }
    }
}

fn date_time(at: i64, lang: Lang) -> String {
    let d = domain::Date::from_unix_wib(at);
    let secs = (at + domain::date::WIB_OFFSET_SECS).rem_euclid(86_400);
    format!(
        "{} {:02}.{:02} WIB",
        d.long(lang),
        secs / 3600,
        secs % 3600 / 60
    )
}

fn status_html(view: &ReportView, lang: Lang) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<article class=\"report\"><p class=\"code\">{}</p><h2>{}</h2><p class=\"status\">{}: <b>{}</b></p><p>{}: <b>{}</b></p>",
        esc(&view.display_code),
        esc(&view.title),
        t(lang, "Status", "Status"),
        esc(&view.status_label),
        t(lang, "Ditangani oleh", "Handled by"),
        esc(&view.unit.name)
    );
    if let Some(g) = &view.guidance {
        let _ = write!(s, "<div class=\"route external\"><p>{}</p></div>", esc(g));
    }
    if let Some(d) = &view.due {
        let _ = write!(
            s,
            "<p>{}: <b>{}</b> ({})</p>",
            esc(&d.label),
            d.date.long(lang),
            esc(&d.left_text)
        );
    }
    let _ = write!(
        s,
        "<p class=\"body\">{}</p>",
        esc(&view.body).replace('\n', "<br>")
    );
    for p in &view.photos {
        let _ = write!(
            s,
            "<a href=\"{}\"><img src=\"{}\" alt=\"{}\" loading=\"lazy\" width=\"160\"></a>",
            esc(&p.url),
            esc(&p.thumb_url),
            t(lang, "Foto laporan", "Report photo")
        );
    }
    let _ = write!(
        s,
        "<h3>{}</h3><ol class=\"timeline\">",
        t(lang, "Riwayat", "History")
    );
    for h in &view.history {
        let _ = write!(
            s,
            "<li><time>{}</time> <b>{}</b>{}{}</li>",
            date_time(h.at, lang),
            esc(&h.status_label),
            h.to_unit
                .as_ref()
                .map(|u| format!(" — {}", esc(&u.name)))
                .unwrap_or_default(),
            h.note
                .as_deref()
                .map(|n| format!("<p>{}</p>", esc(n)))
                .unwrap_or_default()
        );
    }
    s.push_str("</ol>");
    if view.status == domain::lifecycle::Status::Ditindaklanjuti {
        s.push_str(&respond_form(view, lang));
    }
    s.push_str("</article>");
    s
}

/// Without JavaScript the reporter answers the unit's response with a plain form.
fn respond_form(view: &ReportView, lang: Lang) -> String {
    use domain::deadline::AUTO_FINISH_WORKING_DAYS as DAYS;
    let code = esc(&view.tracking_code);
    let explain = match lang {
        Lang::Id => format!("Jika masalah sudah selesai, terima jawabannya. Jika belum, buka kembali laporan dalam {DAYS} hari kerja."),
        Lang::En => format!("If the problem is solved, accept the answer. If not, reopen the report within {DAYS} working days."),
    };
    let mut s = format!(
        "<form method=\"post\" action=\"/lacak/{code}/tanggapi\" class=\"respond\"><h3>{}</h3><p>{}</p><div class=\"field\"><label for=\"f-token\">{}</label><input id=\"f-token\" name=\"token\" autocomplete=\"off\"></div>",
        t(lang, "Tanggapi jawaban petugas", "Respond to the answer"),
        explain,
        t(lang, "Kode pelapor (dari tanda terima)", "Reporter code (from the receipt)"),
    );
    let _ = write!(
        s,
        "<fieldset class=\"field\"><legend>{}</legend>",
        t(lang, "Penilaian (tidak wajib)", "Rating (optional)")
    );
    for n in domain::feedback::RATING_MIN..=domain::feedback::RATING_MAX {
        let _ = write!(s, "<label class=\"choice inline\"><input type=\"radio\" name=\"rating\" value=\"{n}\"> {n}</label>");
    }
    let _ = write!(
        s,
        "</fieldset><div class=\"field\"><label for=\"f-reason\">{}</label><textarea id=\"f-reason\" name=\"reason\" rows=\"3\" maxlength=\"{}\"></textarea></div><button type=\"submit\" name=\"action\" value=\"accept\" class=\"primary\">{}</button> <button type=\"submit\" name=\"action\" value=\"reopen\" class=\"secondary\">{}</button></form>",
        t(lang, "Komentar, atau alasan bila belum selesai", "Comment, or why it is not solved"),
        domain::feedback::COMMENT_MAX,
        t(lang, "Terima, masalah selesai", "Accept: solved"),
        t(lang, "Belum selesai, buka kembali", "Not solved: reopen")
    );
    s
}

/// `POST /lacak/{kode}/tanggapi`: the no-JavaScript reporter response.
pub async fn respond(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Path(kode): Path<String>,
    axum::Form(f): axum::Form<HashMap<String, String>>,
) -> Response {
    use crate::backoffice::reporter;
    let token = f.get("token").cloned().unwrap_or_default();
    let reason = f.get("reason").cloned().unwrap_or_default();
    let rating = f.get("rating").and_then(|r| r.parse::<i64>().ok());
    let result = match f.get("action").map(String::as_str) {
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
        Ok(()) => Redirect::to(&format!("/lacak/{}", esc(&kode))).into_response(),
        Err(e) => {
            let e = e.lang(lang);
            let detail = e
                .fields
                .first()
                .map(|f| f.message(lang).to_string())
                .unwrap_or_else(|| e.message().to_string());
            let mut s = header_html(lang);
            let _ = write!(s, "<main class=\"nojs\"><div class=\"error-summary\" role=\"alert\"><p>{}</p></div><p><a href=\"/lacak/{}\">{}</a></p></main>", esc(&detail), esc(&kode), t(lang, "Kembali ke status laporan", "Back to the report"));
            html_response(e.status, state.assets.plain_page("Lapor Natuna", &s, lang))
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub struct TrackQuery {
    pub kode: Option<String>,
    pub secret: Option<String>,
}

fn track_form(kode: &str, secret_field: bool, lang: Lang) -> String {
    format!(
        "<form method=\"get\" action=\"/lacak\" class=\"track\"><label for=\"f-kode\">{}</label><input id=\"f-kode\" name=\"kode\" value=\"{}\" autocapitalize=\"characters\" autocomplete=\"off\" placeholder=\"7K4-M2Q-XPA\">{}<button type=\"submit\">{}</button></form>",
        t(lang, "Kode pelacakan", "Tracking code"),
        esc(kode),
        if secret_field {
            format!("<label for=\"f-secret\">{}</label><input id=\"f-secret\" name=\"secret\" autocomplete=\"off\">", t(lang, "Kode rahasia (khusus laporan rahasia)", "Secret code (confidential reports only)"))
        } else {
            String::new()
        },
        t(lang, "Lacak", "Track")
    )
}

async fn track(
    state: &AppState,
    lang: Lang,
    kode: Option<String>,
    secret: Option<String>,
) -> Response {
    let title = t(
        lang,
        "Lacak laporan — Lapor Natuna",
        "Track a report — Lapor Natuna",
    );
    let mut s = header_html(lang);
    let _ = write!(
        s,
        "<main class=\"nojs\"><h1>{}</h1>",
        t(lang, "Lacak laporan", "Track a report")
    );
    let Some(kode) = kode.filter(|k| !k.trim().is_empty()) else {
        s.push_str(&track_form("", true, lang));
        s.push_str("</main>");
        return html_response(StatusCode::OK, state.assets.tracking_page(title, &s, lang));
    };
    match api::open_report(state, &kode, secret.as_deref(), lang).await {
        Ok(row) => match api::public_view(state, &row, secret.as_deref(), lang).await {
            Ok(view) => {
                s.push_str(&status_html(&view, lang));
                s.push_str(&track_form("", true, lang));
                s.push_str("</main>");
                html_response(StatusCode::OK, state.assets.tracking_page(title, &s, lang))
            }
            Err(e) => html_response(
                e.status,
                state
                    .assets
                    .plain_page(title, &esc(e.lang(lang).message()), lang),
            ),
        },
        Err(e) => {
            let e = e.lang(lang);
            let _ = write!(
                s,
                "<div class=\"error-summary\" role=\"alert\"><p>{}</p>",
                esc(e.message())
            );
            if let Some(list) = e.did_you_mean.as_ref().filter(|l| !l.is_empty()) {
                let _ = write!(
                    s,
                    "<p>{}</p><ul>",
                    t(lang, "Mungkin maksud Anda:", "Did you mean:")
                );
                for c in list {
                    let _ = write!(
                        s,
                        "<li><a href=\"/lacak/{}\">{}</a></li>",
                        esc(&c.replace('-', "")),
                        esc(c)
                    );
                }
                s.push_str("</ul>");
            }
            s.push_str("</div>");
            s.push_str(&track_form(&kode, true, lang));
            s.push_str("</main>");
            html_response(e.status, state.assets.tracking_page(title, &s, lang))
        }
    }
}

pub async fn track_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Query(q): Query<TrackQuery>,
) -> Response {
    // A well-formed code moves to its own address, which the app also understands.
    if let Some(code) = q
        .kode
        .as_deref()
        .and_then(|k| domain::tracking::TrackingCode::parse(k).ok())
    {
        let secret = q
            .secret
            .filter(|s| !s.is_empty())
            .map(|s| {
                format!(
                    "?secret={}",
                    form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>()
                )
            })
            .unwrap_or_default();
        return Redirect::to(&format!("/lacak/{}{secret}", code.as_str())).into_response();
    }
    track(&state, lang, q.kode, q.secret).await
}

pub async fn track_page_path(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Path(kode): Path<String>,
    Query(q): Query<TrackQuery>,
) -> Response {
    track(&state, lang, Some(kode), q.secret).await
}

pub async fn list_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Query(q): Query<ListQuery>,
    _headers: HeaderMap,
) -> Response {
    let title = t(
        lang,
        "Laporan publik — Lapor Natuna",
        "Public reports — Lapor Natuna",
    );
    let mut s = header_html(lang);
    let _ = write!(
        s,
        "<main class=\"nojs\"><h1>{}</h1>",
        t(lang, "Laporan publik", "Public reports")
    );
    let _ = write!(
        s,
        "<form method=\"get\" action=\"/laporan\" class=\"filters\"><label for=\"f-q\">{}</label><input id=\"f-q\" name=\"q\" value=\"{}\"><button type=\"submit\">{}</button></form>",
        t(lang, "Cari laporan", "Search reports"),
        esc(q.q.as_deref().unwrap_or("")),
        t(lang, "Cari", "Search")
    );
    let (status, list) = match api::list_filter(&q, lang) {
        Err(e) => (
            e.status,
            format!(
                "<p class=\"error-summary\" role=\"alert\">{}</p>",
                esc(e.lang(lang).message())
            ),
        ),
        Ok(f) => match state.store.list_public(&f).await.map_err(ApiError::from) {
            Err(e) => (
                e.status,
                format!(
                    "<p class=\"error-summary\" role=\"alert\">{}</p>",
                    esc(e.lang(lang).message())
                ),
            ),
            Ok((rows, total)) => {
                let mut l = format!(
                    "<p>{} {}</p><ul class=\"reports\">",
                    total,
                    t(lang, "laporan", "reports")
                );
                for r in &rows {
                    let item = views::list_item(r, lang);
                    let _ = write!(
                        l,
                        "<li><a href=\"/lacak/{}\">{}</a> <span class=\"status\">{}</span> <small>{} · {}</small></li>",
                        esc(&r.tracking_code),
                        esc(&r.title),
                        esc(&item.status_label),
                        esc(&item.unit.name),
                        esc(item.kecamatan_name.as_deref().unwrap_or(""))
                    );
                }
                l.push_str("</ul>");
                let pages = (total as u32).div_ceil(f.per_page).max(1);
                if f.page < pages {
                    let mut next = q_string(&q);
                    next.push_str(&format!("page={}", f.page + 1));
                    let _ = write!(
                        l,
                        "<p><a href=\"/laporan?{}\">{}</a></p>",
                        esc(&next),
                        t(lang, "Halaman berikutnya", "Next page")
                    );
                }
                (StatusCode::OK, l)
            }
        },
    };
    s.push_str(&list);
    s.push_str("</main>");
    html_response(status, state.assets.tracking_page(title, &s, lang))
}

fn q_string(q: &ListQuery) -> String {
    let mut s = String::new();
    for (k, v) in [
        ("unit", &q.unit),
        ("opd", &q.opd),
        ("kecamatan", &q.kecamatan),
        ("category", &q.category),
        ("status", &q.status),
        ("q", &q.q),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            s.push_str(&format!(
                "{k}={}&",
                form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
            ));
        }
    }
    s
}

pub async fn home_page(State(state): State<AppState>, ReqLang(lang): ReqLang) -> Response {
    let mut s = header_html(lang);
    let _ = write!(
        s,
        "<main class=\"nojs home\"><h1>{}</h1><p>{}</p><p><a class=\"button primary\" href=\"/lapor\">{}</a></p>{}</main>",
        t(lang, "Lapor Natuna", "Lapor Natuna"),
        t(lang, "Layanan pengaduan Pemerintah Kabupaten Natuna. Sampaikan keluhan, usulan, atau permintaan informasi; laporan Anda diteruskan ke perangkat daerah dan bidang yang berwenang.", "The complaint service of Natuna Regency. Send a complaint, suggestion or information request; it goes to the office and division in charge."),
        t(lang, "Buat Laporan", "Make a report"),
        track_form("", false, lang)
    );
    html_response(StatusCode::OK, state.assets.page("Lapor Natuna", &s, lang))
}

/// `/petugas/…`: the officers' app (its own bundle, whose files live under `/petugas/` too);
/// without JavaScript the page says it needs it.
pub async fn officer_app(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    method: axum::http::Method,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
) -> Response {
    if state.assets.has_file(uri.path()) {
        return crate::assets::serve(State(state), method, uri, headers).await;
    }
    let body = format!(
        "{}<main class=\"nojs\"><h1>{}</h1><p>{}</p></main>",
        header_html(lang),
        t(lang, "Halaman petugas", "Officers' pages"),
        t(lang, "Halaman petugas memerlukan JavaScript. Aktifkan JavaScript atau gunakan peramban yang lebih baru.", "The officers' pages need JavaScript. Enable it or use a newer browser.")
    );
    html_response(
        StatusCode::OK,
        state.assets.officer_page(
            t(lang, "Petugas — Lapor Natuna", "Officers — Lapor Natuna"),
            &body,
            lang,
        ),
    )
}

pub fn not_found_body(lang: Lang) -> String {
    format!(
        "{}<main class=\"nojs\"><h1>{}</h1><p><a href=\"/\">{}</a></p></main>",
        header_html(lang),
        t(lang, "Halaman tidak ditemukan", "Page not found"),
        t(lang, "Kembali ke beranda", "Back to the home page")
    )
}
