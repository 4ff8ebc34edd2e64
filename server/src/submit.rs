//! Taking in a report, whichever door it came through (JSON API, multipart, no-JavaScript form):
//! validate with `domain`, route with `domain`, shrink the photos, and store it once.

use crate::error::{ApiError, ApiResult};
use crate::photos::{self, Photo, PhotoError};
use crate::store::{Inserted, NewRow};
use crate::AppState;
use axum::http::StatusCode;
use domain::report::{AttachmentMeta, RawReport};
use domain::tracking::{generate_secret, TrackingCode};
use domain::{Date, Lang, NewReport, Privacy, CATALOG_VERSION};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub fn random<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).expect("the operating system's random source");
    b
}

pub fn sha256_hex(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    hex::encode(h.finalize())
}

pub fn hash_secret(secret: &str) -> String {
    sha256_hex(&[
        b"lapor-natuna-secret",
        domain::tracking::normalize_secret(secret).as_bytes(),
    ])
}

/// A submission as received: the report fields and the raw bytes of each photo.
pub struct Submission {
    pub raw: RawReport,
    pub photos: Vec<Vec<u8>>,
    /// Bytes that identify the request for Idempotency-Key checks.
    pub fingerprint: String,
}

pub enum Outcome {
    Stored(Value),
    Replayed(StatusCode, Value),
}

impl Outcome {
    pub fn body(&self) -> &Value {
        match self {
            Outcome::Stored(v) | Outcome::Replayed(_, v) => v,
        }
    }
}

fn photo_error(i: usize, e: PhotoError) -> ApiError {
    let (code, id, en) = match e {
        PhotoError::NotAnImage => (
            "invalid_type",
            format!("Foto ke-{i} bukan gambar JPEG, PNG, atau WebP. Pilih file foto."),
            format!("Photo {i} is not a JPEG, PNG or WebP image. Please choose a photo file."),
        ),
        PhotoError::Corrupt => (
            "corrupt",
            format!("Foto ke-{i} rusak atau tidak lengkap sehingga tidak dapat dibuka. Ambil ulang fotonya atau pilih foto lain."),
            format!("Photo {i} is damaged or incomplete and cannot be opened. Take it again or choose another photo."),
        ),
        PhotoError::TooManyPixels => (
            "too_large",
            format!("Foto ke-{i} berukuran gambar terlalu besar (lebih dari 50 megapiksel). Kecilkan fotonya dahulu."),
            format!("Photo {i} has too many pixels (over 50 megapixels). Please make it smaller first."),
        ),
    };
    ApiError::field("attachments", code, id, en)
}

pub fn today(now: i64) -> Date {
    Date::from_unix_wib(now)
}

/// Validates, routes and stores. The only path by which a report enters the store.
pub async fn submit(
    state: &AppState,
    mut sub: Submission,
    idempotency_key: Option<&str>,
    channel: &'static str,
    lang: Lang,
) -> ApiResult<Outcome> {
    if let Some(v) = sub.raw.catalog_version.as_deref().filter(|v| !v.is_empty()) {
        if v != CATALOG_VERSION {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "catalog_stale",
                "Daftar kategori dan unit telah diperbarui. Muat ulang halaman; isian Anda tetap tersimpan di perangkat ini.",
                "The list of categories and units has been updated. Reload the page; what you typed stays saved on this device.",
            )
            .with("catalog_version", json!(CATALOG_VERSION)));
        }
    }
    if let Some(key) = idempotency_key {
        if key.is_empty() || key.len() > 200 || !key.chars().all(|c| c.is_ascii_graphic()) {
            return Err(ApiError::bad_request(
                "Header Idempotency-Key tidak valid: gunakan 1–200 karakter ASCII tanpa spasi.",
                "Invalid Idempotency-Key header: use 1–200 ASCII characters without spaces.",
            ));
        }
    }
    sub.raw.attachments = sub
        .photos
        .iter()
        .map(|p| AttachmentMeta {
            size: p.len() as u64,
            content_type: photos::sniff(p)
                .unwrap_or("application/octet-stream")
                .to_string(),
        })
        .collect();
    let now = state.now();
    let report = NewReport::parse(&sub.raw, today(now)).map_err(ApiError::validation)?;
    let limit = state.cfg.max_photo_bytes();
    if let Some(i) = sub.photos.iter().position(|p| p.len() as u64 > limit) {
        return Err(ApiError::field(
            "attachments",
            "too_large",
            format!(
                "Foto ke-{} terlalu besar. Maksimal {} MB per foto.",
                i + 1,
                state.cfg.max_photo_mb
            ),
            format!(
                "Photo {} is too large. At most {} MB per photo.",
                i + 1,
                state.cfg.max_photo_mb
            ),
        ));
    }
    let photo_bytes = std::mem::take(&mut sub.photos);
    let processed: Vec<Photo> = tokio::task::spawn_blocking(move || {
        photo_bytes
            .iter()
            .enumerate()
            .map(|(i, b)| photos::process(b).map_err(|e| (i + 1, e)))
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .map_err(|e| ApiError::internal("photo worker", e))?
    .map_err(|(i, e)| photo_error(i, e))?;

    let route = report.route();
    // Every reporter gets a code to respond to the answer (accept, reopen, rate); for a
    // confidential report the same code is the secret that opens it.
    let token = generate_secret(random());
    let secret = (report.privacy == Privacy::Rahasia).then(|| token.clone());
    let due = domain::deadline::current(
        domain::lifecycle::Status::Diterima,
        &domain::deadline::Timeline {
            received_at: now,
            ..Default::default()
        },
        now,
    );
    let answers: serde_json::Map<String, Value> = report
        .answers
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    let location = report.location.as_ref();
    let coords = location.and_then(|l| l.coordinates);

    for _attempt in 0..3 {
        let code = TrackingCode::generate(random());
        let response = json!({
            "tracking_code": code.as_str(),
            "display_code": code.display(),
            "status": domain::lifecycle::Status::Diterima.code(),
            "unit": { "code": route.unit.code, "name": route.unit.display_name(lang) },
            "reason": route.reason.get(lang),
            "guidance": route.guidance().map(|g| g.get(lang)),
            "due_date": due.map(|d| d.date.to_string()),
            "reporter_secret": secret,
            "reporter_token": token,
        });
        let row = NewRow {
            tracking_code: code.as_str().to_string(),
            secret_hash: Some(hash_secret(&token)),
            report_type: report.report_type.code(),
            category: report.category.code,
            answers_json: Value::Object(answers.clone()).to_string(),
            title: report.title.clone(),
            body: report.body.clone(),
            incident_date: report.incident_date.map(|d| d.to_string()),
            desa: location.map(|l| l.region.code),
            kecamatan: location.map(|l| l.region.kecamatan().code),
            location_detail: location.and_then(|l| l.detail.clone()),
            lat: coords.map(|c| c.lat),
            lon: coords.map(|c| c.lon),
            privacy: report.privacy.code(),
            reporter_name: report.reporter.name.clone(),
            reporter_phone: report.reporter.phone.clone(),
            reporter_email: report.reporter.email.clone(),
            status: domain::lifecycle::Status::Diterima.code(),
            unit: route.unit.code,
            reason_id: route.reason.id,
            reason_en: route.reason.en,
            catalog_version: CATALOG_VERSION,
            channel,
            created_at: now,
            photos: processed.clone(),
        };
        let key = idempotency_key.map(|k| (k, sub.fingerprint.as_str()));
        match state.store.insert_report(&row, key, &response.to_string()).await {
            Ok(Inserted::New) => return Ok(Outcome::Stored(response)),
            Ok(Inserted::Replay { status, response }) => {
                let body: Value = serde_json::from_str(&response).map_err(|e| ApiError::internal("stored response", e))?;
                return Ok(Outcome::Replayed(StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED), body));
            }
            Ok(Inserted::KeyReused) => {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "idempotency_key_reused",
                    "Idempotency-Key ini sudah dipakai untuk laporan lain. Buat kunci baru untuk setiap laporan baru.",
                    "This Idempotency-Key was already used for a different report. Use a new key for each new report.",
                ))
            }
            Err(e) if e.code == "code_collision" => continue,
            Err(e) => return Err(e),
        }
    }
    Err(ApiError::internal(
        "tracking code",
        "three collisions in a row",
    ))
}
