//! The one error type of the HTTP layer, and how it becomes a response: a JSON body
//! `{error: {code, message, fields}}` with the message in the reader's language. Every failure a
//! client can cause maps to a specific 4xx here; a 500 means a bug or a dead store, and says so
//! without leaking internals.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::report::FieldError;
use domain::Lang;
use serde_json::{json, Map, Value};

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message_id: String,
    pub message_en: String,
    pub fields: Vec<FieldError>,
    pub extra: Map<String, Value>,
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
            extra: Map::new(),
            retry_after: None,
            lang: Lang::Id,
        }
    }

    pub fn validation(fields: Vec<FieldError>) -> ApiError {
        let n = fields.len();
        let mut e = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            format!("Laporan belum dapat dikirim: {n} isian perlu diperbaiki."),
            format!("The report cannot be sent yet: {n} field(s) need fixing."),
        );
        e.fields = fields;
        e
    }

    pub fn field(
        field: &str,
        code: &'static str,
        id: impl Into<String>,
        en: impl Into<String>,
    ) -> ApiError {
        let (id, en) = (id.into(), en.into());
        ApiError::validation(vec![FieldError {
            field: field.into(),
            code,
            message_id: id,
            message_en: en,
        }])
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
            "Terjadi gangguan pada server. Laporan Anda belum tersimpan; silakan coba lagi beberapa saat lagi.",
            "The server had a problem. Your report was not stored; please try again shortly.",
        )
    }

    pub fn unavailable(context: &str, err: impl std::fmt::Display) -> ApiError {
        tracing::error!("{context}: {err}");
        let mut e = ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "Layanan sedang tidak dapat menyimpan data. Laporan Anda belum tersimpan; silakan coba lagi beberapa saat lagi.",
            "The service cannot store data right now. Your report was not stored; please try again shortly.",
        );
        e.retry_after = Some(30);
        e
    }

    pub fn with(mut self, key: &str, value: Value) -> ApiError {
        self.extra.insert(key.into(), value);
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

    pub fn body(&self) -> Value {
        let mut fields = Map::new();
        for f in &self.fields {
            // The first error of a field is the one to fix first.
            fields
                .entry(f.field.clone())
                .or_insert_with(|| Value::String(f.message(self.lang).to_string()));
        }
        let mut error = Map::new();
        error.insert("code".into(), json!(self.code));
        error.insert("message".into(), json!(self.message()));
        error.insert("fields".into(), Value::Object(fields));
        for (k, v) in &self.extra {
            error.insert(k.clone(), v.clone());
        }
        json!({ "error": error })
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> ApiError {
        match e {
            sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => {
                ApiError::unavailable("store", e)
            }
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
