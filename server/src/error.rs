//! The one error type of the HTTP layer, and how it becomes a response: `wire::ErrorBody` with
//! the message in the reader's language. Every failure a client can cause maps to a specific 4xx
//! here; a store that cannot answer or write is a 503 with `Retry-After`; a 500 means a bug, and
//! says so without leaking internals.

use crate::store::StoreError;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::report::FieldError;
use domain::wire::{ErrorBody, ErrorDetail, LineError};
use domain::Lang;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message_id: String,
    pub message_en: String,
    pub fields: Vec<FieldError>,
    pub did_you_mean: Option<Vec<String>>,
    pub catalog_version: Option<String>,
    pub lines: Option<Vec<LineError>>,
    pub retry_after: Option<u64>,
    pub lang: Lang,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        code: &'static str,
        id: impl Into<String>,
        en: impl Into<String>,
    ) -> ApiError {
        ApiError {
            status,
            code,
            message_id: id.into(),
            message_en: en.into(),
            fields: Vec::new(),
            did_you_mean: None,
            catalog_version: None,
            lines: None,
            retry_after: None,
            lang: Lang::Id,
        }
    }

    pub fn validation(fields: Vec<FieldError>) -> ApiError {
        let n = fields.len();
        let (id, en) = if n == 1 {
            (
                format!("Belum dapat dikirim: {}", fields[0].message_id),
                format!("This cannot be sent yet: {}", fields[0].message_en),
            )
        } else {
            (
                format!("Belum dapat dikirim: {n} isian perlu diperbaiki."),
                format!("This cannot be sent yet: {n} fields need fixing."),
            )
        };
        let mut e = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "validation", id, en);
        e.fields = fields;
        e
    }

    pub fn field(
        field: &str,
        code: &'static str,
        id: impl Into<String>,
        en: impl Into<String>,
    ) -> ApiError {
        ApiError::validation(vec![FieldError {
            field: field.into(),
            code,
            message_id: id.into(),
            message_en: en.into(),
        }])
    }

    /// A query parameter that cannot be read (a filter, a page, a period): the same shape as a
    /// form's field error, worded for a request rather than a submission.
    pub fn param(
        field: &str,
        code: &'static str,
        id: impl Into<String>,
        en: impl Into<String>,
    ) -> ApiError {
        let (id, en) = (id.into(), en.into());
        let mut e = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            format!("Permintaan belum dapat diproses: {id}"),
            format!("This request cannot be answered: {en}"),
        );
        e.fields = vec![FieldError {
            field: field.into(),
            code,
            message_id: id,
            message_en: en,
        }];
        e
    }

    pub fn not_found() -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "Laporan dengan kode tersebut tidak ditemukan. Periksa kembali kode pelacakan Anda.",
            "No report has that code. Please check your tracking code.",
        )
    }

    pub fn bad_request(id: impl Into<String>, en: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", id, en)
    }

    pub fn internal(context: &str, err: impl std::fmt::Display) -> ApiError {
        tracing::error!("{context}: {err}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Terjadi gangguan pada server. Permintaan Anda belum diproses; silakan coba lagi beberapa saat lagi.",
            "The server had a problem. Your request was not processed; please try again shortly.",
        )
    }

    pub fn unavailable(context: &str, err: impl std::fmt::Display) -> ApiError {
        tracing::error!("{context}: {err}");
        let mut e = ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "Layanan sedang tidak dapat menyimpan data. Kiriman Anda belum tersimpan; silakan coba lagi beberapa saat lagi.",
            "The service cannot store data right now. What you sent was not stored; please try again shortly.",
        );
        e.retry_after = Some(30);
        e
    }

    /// Someone else changed the report between reading and writing it.
    pub fn changed() -> ApiError {
        ApiError::new(
            StatusCode::CONFLICT,
            "changed",
            "Laporan ini baru saja diubah oleh orang lain. Muat ulang untuk melihat keadaan terbarunya.",
            "This report was just changed by someone else. Reload to see its current state.",
        )
    }

    pub fn did_you_mean(mut self, codes: Vec<String>) -> ApiError {
        self.did_you_mean = Some(codes);
        self
    }

    pub fn lang(mut self, lang: Lang) -> ApiError {
        self.lang = lang;
        self
    }

    pub fn message(&self) -> &str {
        match self.lang {
            Lang::Id => &self.message_id,
            Lang::En => &self.message_en,
        }
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message().to_string(),
                fields: ErrorDetail::fields_of(&self.fields, self.lang),
                did_you_mean: self.did_you_mean.clone(),
                catalog_version: self.catalog_version.clone(),
                lines: self.lines.clone(),
            },
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::Unavailable(_) => ApiError::unavailable("store", e),
            StoreError::Changed => ApiError::changed(),
            other => ApiError::internal("store", other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = (self.status, axum::Json(self.body())).into_response();
        if let Some(s) = self.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        res
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
