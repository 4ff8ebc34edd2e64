//! The public JSON API (`/api/v1/…`). Handlers are short: read the request, ask `domain` or the
//! store, answer with a `domain::wire` type. `report` holds a report's own endpoints (submit,
//! read, photos).

pub mod chain;
pub mod moderation;
pub mod openapi;
pub mod report;
pub mod statistics;
pub mod support;

pub use report::{create_report, get_photo, get_photo_thumb, get_report, open_report, public_view};

use crate::error::{ApiError, ApiResult};
use crate::store::ListFilter;
use crate::{views, AppState, ReqLang};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::catalog;
use domain::lifecycle::Status;
use domain::routing::{route, RouteRequest};
use domain::wire::{CatalogView, ListPage, RouteView, Stats, SuggestPage, SuggestionView};
use domain::Lang;
use std::collections::HashMap;

pub async fn catalog(State(state): State<AppState>, ReqLang(lang): ReqLang) -> Response {
    let mut res = Json(CatalogView::build(lang, state.cfg.limits())).into_response();
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        "public, max-age=300".parse().unwrap(),
    );
    res
}

/// `GET /api/v1/route?category=…&desa=…&<question>=<option>…`
pub async fn route_preview(
    ReqLang(lang): ReqLang,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<RouteView>> {
    let Some(category) = params.get("category").filter(|c| !c.is_empty()) else {
        return Err(ApiError::param(
            "category",
            "required",
            "Parameter category wajib diisi, misalnya ?category=jalan-rusak.",
            "The category parameter is required, e.g. ?category=jalan-rusak.",
        )
        .lang(lang));
    };
    let location = params
        .get("desa")
        .or(params.get("kecamatan"))
        .map(String::as_str)
        .filter(|s| !s.is_empty());
    if let Some(l) = location {
        if catalog::region(l).is_none() {
            return Err(ApiError::param(
                "desa",
                "invalid",
                format!("Kode wilayah \"{l}\" tidak ada di Kabupaten Natuna."),
                format!("Region code \"{l}\" is not in Natuna."),
            )
            .lang(lang));
        }
    }
    let answers: Vec<(&str, &str)> = params
        .iter()
        .filter(|(k, v)| {
            !matches!(k.as_str(), "category" | "desa" | "kecamatan" | "lang") && !v.is_empty()
        })
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = route(&RouteRequest {
        category,
        answers,
        location,
    });
    Ok(Json(RouteView::of(&r, lang)))
}

#[derive(serde::Deserialize, Default)]
pub struct ListQuery {
    pub unit: Option<String>,
    pub opd: Option<String>,
    pub kecamatan: Option<String>,
    pub category: Option<String>,
    pub status: Option<String>,
    pub q: Option<String>,
    pub page: Option<String>,
    pub cursor: Option<String>,
}

pub const PER_PAGE: u32 = 20;
/// Page numbers go this far (a page number is an offset; further, use the cursor).
pub const MAX_PAGE: u32 = 50;

/// A list filter, and the page number it asked for.
pub struct ListAsk {
    pub filter: ListFilter,
    pub page: u32,
}

/// Checks the public list's filters; unknown values get a specific error instead of an empty list.
pub fn list_filter(q: &ListQuery, lang: Lang) -> ApiResult<ListAsk> {
    let nonempty = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    let mut f = ListFilter {
        limit: PER_PAGE,
        ..Default::default()
    };
    let mut page = 1;
    if let Some(u) = nonempty(&q.unit).or(nonempty(&q.opd)) {
        let Some(root) = catalog::unit(&u) else {
            return Err(ApiError::param(
                "unit",
                "invalid",
                format!("Unit \"{u}\" tidak ada dalam katalog."),
                format!("Unit \"{u}\" is not in the catalog."),
            )
            .lang(lang));
        };
        f.unit = Some(root);
    }
    if let Some(k) = nonempty(&q.kecamatan) {
        match catalog::region(&k) {
            Some(r) if r.parent.is_none() => f.kecamatan = Some(k),
            _ => {
                return Err(ApiError::param(
                    "kecamatan",
                    "invalid",
                    format!("Kecamatan \"{k}\" tidak ada di Kabupaten Natuna."),
                    format!("Kecamatan \"{k}\" is not in Natuna."),
                )
                .lang(lang))
            }
        }
    }
    if let Some(c) = nonempty(&q.category) {
        if catalog::category(&c).is_none() {
            return Err(ApiError::param(
                "category",
                "invalid",
                format!("Kategori \"{c}\" tidak ada."),
                format!("Category \"{c}\" does not exist."),
            )
            .lang(lang));
        }
        f.category = Some(c);
    }
    if let Some(s) = nonempty(&q.status) {
        let Some(status) = Status::parse(&s) else {
            return Err(ApiError::param(
                "status",
                "invalid",
                format!("Status \"{s}\" tidak dikenal."),
                format!("Unknown status \"{s}\"."),
            )
            .lang(lang));
        };
        f.status = Some(status);
    }
    if let Some(text) = nonempty(&q.q) {
        f.terms = domain::search::query(&text.chars().take(200).collect::<String>());
    }
    if let Some(c) = nonempty(&q.cursor) {
        f.before = Some(c.parse::<i64>().ok().filter(|c| *c > 0).ok_or_else(|| {
            ApiError::param(
                "cursor",
                "invalid",
                "Kursor halaman tidak valid. Gunakan nilai next_cursor dari halaman sebelumnya.",
                "Invalid cursor. Use the next_cursor of the previous page.",
            )
            .lang(lang)
        })?);
    } else if let Some(p) = nonempty(&q.page) {
        page = p.parse::<u32>().ok().filter(|p| (1..=MAX_PAGE).contains(p)).ok_or_else(|| {
            ApiError::param(
                "page",
                "invalid",
                format!("Nomor halaman harus angka 1 sampai {MAX_PAGE}. Untuk halaman berikutnya gunakan cursor."),
                format!("The page must be a number from 1 to {MAX_PAGE}. Beyond that, use the cursor."),
            )
            .lang(lang)
        })?;
        f.offset = (page - 1) * PER_PAGE;
    }
    Ok(ListAsk { filter: f, page })
}

/// The public list as the wire shows it.
pub async fn list_page(state: &AppState, ask: &ListAsk, lang: Lang) -> ApiResult<ListPage> {
    let (page, count) = state.store.list_public(&ask.filter).await?;
    Ok(ListPage {
        next_cursor: page
            .more
            .then(|| page.rows.last().map(|r| r.id.to_string()))
            .flatten(),
        items: page
            .rows
            .iter()
            .map(|r| views::list_item(r, lang))
            .collect(),
        page: ask.page,
        per_page: ask.filter.limit,
        total: count.n,
        total_more: count.more,
    })
}

/// `GET /api/v1/reports`: from memory while no report changed since it was built (`crate::cache`).
pub async fn list_reports(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Query(q): Query<ListQuery>,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
) -> ApiResult<Response> {
    let f = list_filter(&q, lang)?;
    let key = format!("{}:{}", lang.code(), uri.query().unwrap_or(""));
    if let Some(k) = state.cache.list(&key) {
        return Ok(crate::cache::respond(&headers, &k.version, Some(k.body)));
    }
    let ticket = state.cache.ticket();
    let version = format!("{}-{}", state.store.lists_version().await?, lang.code());
    if crate::cache::fresh(&headers, &crate::cache::etag(&version)) {
        return Ok(crate::cache::respond(&headers, &version, None));
    }
    let page = list_page(&state, &f, lang)
        .await
        .map_err(|e| e.lang(lang))?;
    let body = axum::body::Bytes::from(
        serde_json::to_vec(&page).map_err(|e| ApiError::internal("list", e))?,
    );
    state.cache.put_list(
        ticket,
        key,
        crate::cache::Kept {
            version: version.clone(),
            body: body.clone(),
        },
    );
    Ok(crate::cache::respond(&headers, &version, Some(body)))
}

/// Public figures for the home page: reports this month, and the share of the last year's first
/// answers that came on time (`domain::deadline::answered_on_time`, stored at the answer).
pub async fn stats_of(state: &AppState) -> ApiResult<Stats> {
    let now = state.now();
    let this = crate::store::month_of(now);
    // The last twelve months, this one included.
    let (y, m, _) = domain::Date::from_unix_wib(now).ymd();
    let (fy, fm) = if m == 12 { (y, 1) } else { (y - 1, m + 1) };
    let months = state
        .store
        .figures_by_month(&format!("{fy:04}-{fm:02}"), &this)
        .await?;
    let mut year = domain::monev::Tally::default();
    for t in months.values() {
        year.add(t);
    }
    Ok(Stats {
        reports_this_month: months.get(&this).map(|t| t.received).unwrap_or(0),
        answered_on_time_pct: domain::wire::pct(year.answered_on_time, year.answered),
        answered_last_year: year.answered,
        reports_total: state.store.count_reports().await?,
    })
}

pub async fn stats(State(state): State<AppState>) -> ApiResult<Json<Stats>> {
    Ok(Json(stats_of(&state).await?))
}

/// Ranked category suggestions for free text, with the unit each routes to.
pub fn suggestions(
    text: &str,
    location: Option<&str>,
    n: usize,
    lang: Lang,
) -> Vec<SuggestionView> {
    domain::suggest::suggest_at(text, location, n)
        .iter()
        .map(|s| SuggestionView::of(s, lang))
        .collect()
}

#[derive(serde::Deserialize, Default)]
pub struct SuggestQuery {
    pub q: Option<String>,
    pub desa: Option<String>,
    pub n: Option<usize>,
}

/// `GET /api/v1/suggest?q=…[&desa=…][&n=3]`: the same suggestions the app computes offline.
pub async fn suggest(
    ReqLang(lang): ReqLang,
    Query(q): Query<SuggestQuery>,
) -> ApiResult<Json<SuggestPage>> {
    let text = q.q.unwrap_or_default();
    let max = domain::report::BODY_MAX;
    if text.chars().count() > max {
        return Err(ApiError::param(
            "q",
            "too_long",
            format!(
                "Teks pencarian terlalu panjang (maksimal {}).",
                domain::feedback::chars(max, Lang::Id)
            ),
            format!(
                "The search text is too long (at most {}).",
                domain::feedback::chars(max, Lang::En)
            ),
        )
        .lang(lang));
    }
    let n = q.n.unwrap_or(3).clamp(1, 10);
    let location = q.desa.as_deref().filter(|d| catalog::region(d).is_some());
    Ok(Json(SuggestPage {
        suggestions: suggestions(&text, location, n, lang),
        q: text,
    }))
}
