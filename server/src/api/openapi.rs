//! `GET /api/v1/openapi.json`: an OpenAPI 3.1 document of the public and back-office JSON API.
//! Every body's schema is generated from its `domain::wire` type (`schemars`, the `openapi`
//! feature of `domain` that only the server turns on), so the document cannot drift from what
//! the handlers serialize; this file lists the routes of `lib.rs` and `backoffice::routes`, their
//! parameters, and which wire type each one takes and answers.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::report::RawReport;
use domain::wire::open311::{IssuedOpen311Key, NewOpen311Key, Open311KeyList};
use domain::wire::*;
use schemars::gen::{SchemaGenerator, SchemaSettings};
use schemars::schema::{InstanceType, Schema, SchemaObject};
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

mod paths;
pub use paths::document;

#[derive(Serialize)]
pub struct Document {
    pub openapi: &'static str,
    pub info: Info,
    pub paths: BTreeMap<String, PathItem>,
    pub components: Components,
}

#[derive(Serialize)]
pub struct Info {
    pub title: &'static str,
    pub version: &'static str,
    pub description: &'static str,
}

#[derive(Serialize, Default)]
pub struct PathItem {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub get: Option<Operation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post: Option<Operation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch: Option<Operation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete: Option<Operation>,
}

#[derive(Serialize)]
pub struct Operation {
    #[serde(rename = "operationId")]
    pub operation_id: String,
    pub summary: String,
    pub tags: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    #[serde(rename = "requestBody", skip_serializing_if = "Option::is_none")]
    pub request_body: Option<RequestBody>,
    pub responses: BTreeMap<String, ResponseObject>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security: Option<Vec<BTreeMap<&'static str, Vec<String>>>>,
}

#[derive(Serialize)]
pub struct Parameter {
    pub name: &'static str,
    #[serde(rename = "in")]
    pub location: &'static str,
    pub required: bool,
    pub description: &'static str,
    pub schema: Schema,
}

#[derive(Serialize)]
pub struct RequestBody {
    pub required: bool,
    pub content: BTreeMap<&'static str, MediaType>,
}

#[derive(Serialize)]
pub struct MediaType {
    pub schema: Schema,
}

#[derive(Serialize)]
pub struct ResponseObject {
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<BTreeMap<&'static str, MediaType>>,
}

#[derive(Serialize)]
pub struct Components {
    pub schemas: BTreeMap<String, Schema>,
    #[serde(rename = "securitySchemes")]
    pub security_schemes: BTreeMap<&'static str, SecurityScheme>,
}

#[derive(Serialize)]
pub struct SecurityScheme {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(rename = "in")]
    pub location: &'static str,
    pub name: &'static str,
    pub description: &'static str,
}

fn string() -> Schema {
    SchemaObject {
        instance_type: Some(InstanceType::String.into()),
        ..Default::default()
    }
    .into()
}

fn integer() -> Schema {
    SchemaObject {
        instance_type: Some(InstanceType::Integer.into()),
        ..Default::default()
    }
    .into()
}

fn binary() -> Schema {
    SchemaObject {
        instance_type: Some(InstanceType::String.into()),
        format: Some("binary".into()),
        ..Default::default()
    }
    .into()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No content",
        304 => "Not modified (the ETag sent in If-None-Match is current)",
        400 => "The request cannot be read",
        401 => "Not logged in, or the session ended",
        403 => "Not allowed for this account, or the CSRF token does not match",
        404 => "Not found (a confidential report without its secret looks the same)",
        409 => "A stale catalog version, or a move that no longer fits the report",
        413 => "Too large",
        415 => "Unsupported media type",
        422 => "Invalid input: each field named",
        429 => "Rate limited (Retry-After)",
        503 => "The store or the queue cannot take it now (Retry-After)",
        _ => "Error",
    }
}

/// Builds the operations, collecting each wire type's schema once.
struct Builder {
    gen: SchemaGenerator,
    paths: BTreeMap<String, PathItem>,
}

struct Op<'a> {
    b: &'a mut Builder,
    method: &'static str,
    path: &'static str,
    op: Operation,
}

impl Builder {
    fn op(
        &mut self,
        method: &'static str,
        path: &'static str,
        id: &str,
        tag: &'static str,
        summary: &str,
    ) -> Op<'_> {
        let mut op = Operation {
            operation_id: id.to_string(),
            summary: summary.to_string(),
            tags: vec![tag],
            parameters: Vec::new(),
            request_body: None,
            responses: BTreeMap::new(),
            security: None,
        };
        for seg in path.split('/') {
            if let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                let (name, description) = match name {
                    "code" => (
                        "code",
                        "Tracking code of the report (with or without dashes)",
                    ),
                    "id" => ("id", "Id of the photo or key"),
                    "username" => ("username", "The officer's username"),
                    "file" => ("file", "laporan.xlsx, laporan.csv, monev.xlsx or monev.csv"),
                    _ => ("param", ""),
                };
                op.parameters.push(Parameter {
                    name,
                    location: "path",
                    required: true,
                    description,
                    schema: string(),
                });
            }
        }
        let error = self.gen.subschema_for::<ErrorBody>();
        op.responses.insert(
            "default".into(),
            ResponseObject {
                description: "Any other refusal: ErrorBody in the reader's language".into(),
                content: Some(json(error)),
            },
        );
        Op {
            b: self,
            method,
            path,
            op,
        }
    }
}

fn json(schema: Schema) -> BTreeMap<&'static str, MediaType> {
    BTreeMap::from([("application/json", MediaType { schema })])
}

impl Op<'_> {
    fn query(mut self, name: &'static str, required: bool, description: &'static str) -> Self {
        self.op.parameters.push(Parameter {
            name,
            location: "query",
            required,
            description,
            schema: string(),
        });
        self
    }
    fn query_int(mut self, name: &'static str, description: &'static str) -> Self {
        self.op.parameters.push(Parameter {
            name,
            location: "query",
            required: false,
            description,
            schema: integer(),
        });
        self
    }
    fn header(mut self, name: &'static str, description: &'static str) -> Self {
        self.op.parameters.push(Parameter {
            name,
            location: "header",
            required: false,
            description,
            schema: string(),
        });
        self
    }
    /// A report submitted as the web form sends it: JSON or multipart with photos, made safe to
    /// retry by an Idempotency-Key, answered with the receipt (the citizens' and the desk's door).
    fn report_submission(self) -> Self {
        self.header(
            "Idempotency-Key",
            "Makes retries safe: a retry gets the first answer",
        )
        .body::<RawReport>()
        .body_also("multipart/form-data", report_multipart())
        .answers::<Receipt>(201)
    }
    fn body<T: JsonSchema>(mut self) -> Self {
        let schema = self.b.gen.subschema_for::<T>();
        self.op.request_body = Some(RequestBody {
            required: true,
            content: json(schema),
        });
        self
    }
    fn body_also(mut self, media: &'static str, schema: Schema) -> Self {
        if let Some(b) = self.op.request_body.as_mut() {
            b.content.insert(media, MediaType { schema });
        }
        self
    }
    fn answers<T: JsonSchema>(mut self, status: u16) -> Self {
        let schema = self.b.gen.subschema_for::<T>();
        self.op.responses.insert(
            status.to_string(),
            ResponseObject {
                description: reason(status).into(),
                content: Some(json(schema)),
            },
        );
        self
    }
    fn empty(mut self, status: u16) -> Self {
        self.op.responses.insert(
            status.to_string(),
            ResponseObject {
                description: reason(status).into(),
                content: None,
            },
        );
        self
    }
    fn image(mut self) -> Self {
        let content = ["image/jpeg", "image/png", "image/webp"]
            .into_iter()
            .map(|m| (m, MediaType { schema: binary() }))
            .collect();
        self.op.responses.insert(
            "200".into(),
            ResponseObject {
                description: "The photo (re-encoded, without metadata)".into(),
                content: Some(content),
            },
        );
        self
    }
    /// A file to download (a workbook or CSV).
    fn download(mut self) -> Self {
        let content = [
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "text/csv; charset=utf-8",
        ]
        .into_iter()
        .map(|m| (m, MediaType { schema: binary() }))
        .collect();
        self.op.responses.insert(
            "200".into(),
            ResponseObject {
                description: "The file, streamed (Content-Disposition names it)".into(),
                content: Some(content),
            },
        );
        self
    }
    fn errors(mut self, statuses: &[u16]) -> Self {
        for s in statuses {
            let schema = self.b.gen.subschema_for::<ErrorBody>();
            self.op.responses.insert(
                s.to_string(),
                ResponseObject {
                    description: reason(*s).into(),
                    content: Some(json(schema)),
                },
            );
        }
        self
    }
    /// A back-office operation: the session cookie, and the CSRF header on a change.
    fn officer(mut self) -> Self {
        let mut need = BTreeMap::from([("session", vec![])]);
        if self.method != "get" {
            need.insert("csrf", vec![]);
        }
        self.op.security = Some(vec![need]);
        self.errors(&[401, 403])
    }
    fn add(self) {
        let item = self.b.paths.entry(self.path.to_string()).or_default();
        let slot = match self.method {
            "get" => &mut item.get,
            "post" => &mut item.post,
            "patch" => &mut item.patch,
            _ => &mut item.delete,
        };
        *slot = Some(self.op);
    }
}

/// The multipart form of a submission: the report's JSON and up to five photos.
fn report_multipart() -> Schema {
    let mut o = SchemaObject {
        instance_type: Some(InstanceType::Object.into()),
        ..Default::default()
    };
    let v = o.object();
    v.properties.insert("report".into(), string());
    v.properties.insert("photo".into(), binary());
    v.required.insert("report".into());
    o.into()
}

fn action_multipart() -> Schema {
    let mut o = SchemaObject {
        instance_type: Some(InstanceType::Object.into()),
        ..Default::default()
    };
    let v = o.object();
    v.properties.insert("action".into(), string());
    v.properties.insert("photo".into(), binary());
    v.properties.insert("document".into(), binary());
    v.required.insert("action".into());
    o.into()
}

/// The document, built once.
pub async fn openapi() -> Response {
    static DOC: OnceLock<Vec<u8>> = OnceLock::new();
    let body = DOC.get_or_init(|| serde_json::to_vec(&document()).unwrap_or_default());
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body.clone(),
    )
        .into_response()
}
