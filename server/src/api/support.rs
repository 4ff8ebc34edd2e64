//! "Saya juga mengalami" (`domain::support`): the open public reports like the one a citizen is
//! about to send, and adding their support to one instead of filing a duplicate.

use crate::error::{ApiError, ApiResult};
use crate::submit::sha256_hex;
use crate::{views, AppState, ClientIp, ReqLang};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use domain::catalog::{self, RegionKind};
use domain::support::{self, Support};
use domain::tracking::TrackingCode;
use domain::wire::{SimilarPage, SupportAnswer, SupportRequest};
use domain::Lang;

#[derive(serde::Deserialize, Default)]
pub struct SimilarQuery {
    pub category: Option<String>,
    /// A desa or kelurahan (its own reports first), or a kecamatan.
    pub desa: Option<String>,
}

/// How a device id is stored: its hash, never the id itself.
pub fn device_key(device: &str) -> String {
    sha256_hex(&[b"lapor-natuna-device", device.as_bytes()])
}

fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// `GET /api/v1/reports/similar?category=…&desa=…`
pub async fn similar(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Query(q): Query<SimilarQuery>,
) -> ApiResult<Json<SimilarPage>> {
    Ok(Json(similar_page(&state, &q, lang).await?))
}

/// The similar reports a query asks for (the API's answer and the `/lapor/serupa` fragment's).
pub async fn similar_page(
    state: &AppState,
    q: &SimilarQuery,
    lang: Lang,
) -> ApiResult<SimilarPage> {
    let category = given(&q.category)
        .and_then(catalog::category)
        .ok_or_else(|| {
            ApiError::param(
                "category",
                "invalid",
                "Pilih kategori yang ada di katalog (kode kategori, misalnya jalan-rusak).",
                "Choose a category from the catalog (its code, e.g. jalan-rusak).",
            )
            .lang(lang)
        })?;
    let place = given(&q.desa).and_then(catalog::region).ok_or_else(|| {
        ApiError::param(
            "desa",
            "invalid",
            "Pilih desa/kelurahan atau kecamatan di Kabupaten Natuna (kodenya, misalnya 21.03.07.1011 untuk Ranai Kota).",
            "Choose a desa/kelurahan or kecamatan in Natuna (its code, e.g. 21.03.07.1011 for Ranai Kota).",
        )
        .lang(lang)
    })?;
    // More than are shown, so that the citizen's own desa can come first.
    let rows = state
        .store
        .similar(
            category.code,
            place.kecamatan().code,
            support::window_start(state.now()),
            50,
        )
        .await?;
    let own = (place.kind != RegionKind::Kecamatan).then_some(place.code);
    let rows = support::rank(
        rows,
        |r| own.is_some() && r.desa.as_deref() == own,
        |r| r.created_at,
    );
    Ok(SimilarPage {
        items: rows.iter().map(|r| views::similar_item(r, lang)).collect(),
        days: support::WINDOW_DAYS,
    })
}

/// `POST /api/v1/reports/{code}/support`: `201` when this device's support is added, `200` when
/// it had already supported (nothing changes, except a phone or e-mail given now follows).
pub async fn support(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientIp(ip): ClientIp,
    Path(code): Path<String>,
    Json(b): Json<SupportRequest>,
) -> ApiResult<(StatusCode, Json<SupportAnswer>)> {
    let s = Support::parse(&b).map_err(|e| ApiError::validation(e).lang(lang))?;
    state.supports.check(ip, lang)?;
    let code = TrackingCode::parse(&code).map_err(|_| ApiError::not_found().lang(lang))?;
    let row = state
        .store
        .report_by_code(code.as_str())
        .await?
        .filter(|r| domain::lifecycle::scope::publicly_listed(r.privacy, r.status, r.held))
        .ok_or_else(|| ApiError::not_found().lang(lang))?;
    if !support::is_open(row.status) {
        state.supports.refund(ip);
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "closed",
            format!(
                "Laporan ini sudah berstatus \"{}\", jadi dukungan tidak dapat ditambahkan. Jika masalahnya masih ada, kirim laporan baru.",
                row.status.label(domain::Lang::Id)
            ),
            format!(
                "This report is already \"{}\", so support cannot be added. If the problem is still there, send a new report.",
                row.status.label(domain::Lang::En)
            ),
        )
        .lang(lang));
    }
    let device = device_key(&s.device);
    let now = state.now();
    let r = async {
        let mut tx = state.store.begin().await?;
        let out = tx.add_support(row.id, &device, &s, now).await?;
        tx.commit().await?;
        Ok(out)
    }
    .await;
    let out = state.store.record(r)?;
    if !out.added {
        // Asking again is not a new support: it costs the client nothing.
        state.supports.refund(ip);
    }
    let status = if out.added {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(SupportAnswer {
            supporters: out.supporters,
            added: out.added,
            following: out.following,
        }),
    ))
}
