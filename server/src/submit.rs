//! Taking in a report, whichever door it came through (JSON API, multipart, no-JavaScript form):
//! validate with `domain`, route with `domain`, shrink the photos, and store it once. The answer
//! is the receipt (`wire::Receipt`), remembered with the Idempotency-Key so that a retry gets it
//! again.

use crate::backoffice::workflow::Actor;
use crate::error::{ApiError, ApiResult};
use crate::photos::{self, PhotoError};
use crate::store::{Inserted, NewFile, NewRow, StoreError, StoredAnswer};
use crate::AppState;
use axum::http::StatusCode;
use domain::deadline;
use domain::lifecycle::{Role, Status};
use domain::report::{AttachmentMeta, RawReport};
use domain::tracking::{generate_secret, TrackingCode};
use domain::wire::{Receipt, UnitRef};
use domain::{Date, Lang, NewReport, Privacy, CATALOG_VERSION};
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

/// The plain SHA-256 of some bytes, in hex.
pub fn sha256_plain(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
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
    Stored(Receipt),
    /// A retry of a stored submission: its first answer.
    Replayed(StatusCode, Receipt),
}

impl Outcome {
    pub fn receipt(&self) -> &Receipt {
        match self {
            Outcome::Stored(r) | Outcome::Replayed(_, r) => r,
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
            format!("Foto ke-{i} berukuran gambar terlalu besar (lebih dari {} megapiksel). Kecilkan fotonya dahulu.", photos::MAX_MEGAPIXELS),
            format!("Photo {i} has too many pixels (over {} megapixels). Please make it smaller first.", photos::MAX_MEGAPIXELS),
        ),
    };
    ApiError::field("attachments", code, id, en)
}

/// The first answer to a stored Idempotency-Key, again.
pub fn replay(first: StoredAnswer) -> ApiResult<Outcome> {
    let receipt: Receipt = serde_json::from_str(&first.response)
        .map_err(|e| ApiError::internal("stored receipt", e))?;
    Ok(Outcome::Replayed(
        StatusCode::from_u16(first.status).unwrap_or(StatusCode::CREATED),
        receipt,
    ))
}

pub fn key_reused() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
        "Idempotency-Key ini sudah dipakai untuk laporan lain. Buat kunci baru untuk setiap laporan baru.",
        "This Idempotency-Key was already used for a different report. Use a new key for each new report.",
    )
}

/// Too much heavy work (photos, password checks) is queued: try again shortly (the citizen's
/// app retries by itself).
pub fn busy() -> ApiError {
    let mut e = ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "busy",
        "Server sedang sibuk memproses banyak permintaan. Kiriman Anda belum tersimpan; coba lagi sebentar lagi.",
        "The server is busy with many requests. What you sent was not stored yet; please try again shortly.",
    );
    e.retry_after = Some(10);
    e
}

pub fn today(now: i64) -> Date {
    Date::from_unix_wib(now)
}

/// Checks an Idempotency-Key header's form.
pub fn check_key(key: &str) -> ApiResult<()> {
    if key.is_empty() || key.len() > 200 || !key.chars().all(|c| c.is_ascii_graphic()) {
        return Err(ApiError::bad_request(
            "Header Idempotency-Key tidak valid: gunakan 1–200 karakter ASCII tanpa spasi.",
            "Invalid Idempotency-Key header: use 1–200 ASCII characters without spaces.",
        ));
    }
    Ok(())
}

/// Validates, routes and stores a report the citizen filed themselves.
pub async fn submit(
    state: &AppState,
    sub: Submission,
    idempotency_key: Option<&str>,
    channel: domain::report::Channel,
    lang: Lang,
) -> ApiResult<Outcome> {
    let citizen = Actor {
        role: Role::Pelapor,
        username: None,
    };
    submit_as(state, sub, idempotency_key, channel, &citizen, lang).await
}

/// Validates, routes and stores, filed by `by` (the reporter, or an officer recording a
/// citizen's complaint). The only path by which a report enters the store.
pub async fn submit_as(
    state: &AppState,
    mut sub: Submission,
    idempotency_key: Option<&str>,
    channel: domain::report::Channel,
    by: &Actor<'_>,
    lang: Lang,
) -> ApiResult<Outcome> {
    if let Some(v) = sub.raw.catalog_version.as_deref().filter(|v| !v.is_empty()) {
        if v != CATALOG_VERSION {
            let mut e = ApiError::new(
                StatusCode::CONFLICT,
                "catalog_stale",
                "Daftar kategori dan unit telah diperbarui. Muat ulang halaman; isian Anda tetap tersimpan di perangkat ini.",
                "The list of categories and units has been updated. Reload the page; what you typed stays saved on this device.",
            );
            e.catalog_version = Some(CATALOG_VERSION.to_string());
            return Err(e);
        }
    }
    if let Some(key) = idempotency_key {
        check_key(key)?;
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
    let report = NewReport::parse_with(&sub.raw, today(now), &state.cfg.limits())
        .map_err(ApiError::validation)?;
    let photo_bytes = std::mem::take(&mut sub.photos);
    let processed: Vec<NewFile> = if photo_bytes.is_empty() {
        Vec::new()
    } else {
        state
            .decoders
            .run(move || {
                photo_bytes
                    .iter()
                    .enumerate()
                    .map(|(i, b)| {
                        photos::process(b)
                            .map(photos::Photo::into_file)
                            .map_err(|e| (i + 1, e))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .await
            .map_err(|_| busy())?
            .map_err(|(i, e)| photo_error(i, e))?
    };

    let route = report.route();
    // Every reporter gets a code to respond to the answer (accept, reopen, rate); for a
    // confidential report the same code is the secret that opens it.
    let token = generate_secret(random());
    let (verify_by, answer_by) = deadline::promised(now);
    let location = report.location.as_ref();
    let coords = location.and_then(|l| l.coordinates);

    for _attempt in 0..3 {
        let code = TrackingCode::generate(random());
        // A pre-moderated category's report waits for an officer before it is public.
        let held = (report.category.premoderate && report.privacy.is_listed())
            .then_some(domain::moderation::Hold::Premoderation);
        let receipt = Receipt {
            tracking_code: code.as_str().to_string(),
            display_code: code.display(),
            status: Status::Diterima,
            privacy: report.privacy,
            unit: UnitRef::of(route.unit, lang),
            reason: route.reason.get(lang).to_string(),
            guidance: route.guidance().map(|g| g.get(lang).to_string()),
            verify_by,
            answer_by,
            reporter_token: token.clone(),
            reporter_secret: (report.privacy == Privacy::Rahasia).then(|| token.clone()),
            held: held.map(|h| h.text(lang).to_string()),
        };
        let row = NewRow {
            held,
            tracking_code: code.as_str().to_string(),
            secret_hash: hash_secret(&token),
            report_type: report.report_type,
            category: report.category.code,
            answers: report.answers.clone(),
            title: report.title.clone(),
            body: report.body.clone(),
            incident_date: report.incident_date,
            desa: location.map(|l| l.region.code),
            kecamatan: location.map(|l| l.region.kecamatan().code),
            location_detail: location.and_then(|l| l.detail.clone()),
            lat: coords.map(|c| c.lat),
            lon: coords.map(|c| c.lon),
            privacy: report.privacy,
            reporter_name: report.reporter.name.clone(),
            reporter_phone: report.reporter.phone.clone(),
            reporter_email: report.reporter.email.clone(),
            status: Status::Diterima,
            unit: route.unit.code,
            reason_id: route.reason.id,
            reason_en: route.reason.en,
            catalog_version: CATALOG_VERSION,
            channel,
            filed_by: by.role,
            filer: by.username.map(str::to_string),
            created_at: now,
            photos: processed.clone(),
            messages: crate::channels::receipt(
                state,
                &code,
                report.privacy,
                &token,
                &report.title,
                route.unit,
                report.reporter.phone.as_deref(),
                report.reporter.email.as_deref(),
            )
            .into_iter()
            .map(|mut m| {
                // Filed from the phone itself (not forwarded to an officer): the receipt answers
                // that message, so it goes even to a number that replied STOP before.
                m.reply |= channel == domain::report::Channel::Whatsapp
                    && by.role == Role::Pelapor
                    && m.channel == domain::messaging::Channel::Whatsapp;
                m
            })
            .collect(),
        };
        let key = idempotency_key.map(|k| (k.to_string(), sub.fingerprint.clone()));
        let response =
            serde_json::to_string(&receipt).map_err(|e| ApiError::internal("receipt", e))?;
        match state.store.insert_report(row, key, response).await {
            Ok(Inserted::New) => return Ok(Outcome::Stored(receipt)),
            Ok(Inserted::Replay(first)) => return replay(first),
            Ok(Inserted::KeyReused) => return Err(key_reused()),
            // A tracking-code collision (1 in 10^11): try again with a new code.
            Err(StoreError::Duplicate) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApiError::internal(
        "tracking code",
        "three collisions in a row",
    ))
}
