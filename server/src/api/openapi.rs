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

pub fn document() -> Document {
    let settings = SchemaSettings::draft2019_09().with(|s| {
        s.definitions_path = "#/components/schemas/".into();
    });
    let mut b = Builder {
        gen: SchemaGenerator::new(settings),
        paths: BTreeMap::new(),
    };
    let (p, o) = ("public", "back office");

    b.op("get", "/api/v1/openapi.json", "openapi", p, "This document")
        .answers::<serde_json::Value>(200)
        .add();
    b.op(
        "get",
        "/api/v1/catalog",
        "catalog",
        p,
        "Topics, units, categories with their questions, regions and limits",
    )
    .answers::<CatalogView>(200)
    .add();
    b.op(
        "get",
        "/api/v1/route",
        "route",
        p,
        "Where a report of a category (and answers, desa) goes",
    )
    .query("category", true, "Category code")
    .query("desa", false, "Desa/kelurahan code")
    .query("kecamatan", false, "Kecamatan code (when no desa)")
    .answers::<RouteView>(200)
    .errors(&[422])
    .add();
    b.op("get", "/api/v1/stats", "stats", p, "Home-page figures")
        .answers::<Stats>(200)
        .add();
    b.op(
        "get",
        "/api/v1/statistik",
        "statistics",
        p,
        "A period's public statistics",
    )
    .query(
        "periode",
        false,
        "A year (2026), a month (2026-11) or a quarter (2026-Q4); default this month",
    )
    .answers::<Statistics>(200)
    .errors(&[422])
    .add();
    b.op(
        "get",
        "/api/v1/suggest",
        "suggest",
        p,
        "Ranked category suggestions for free text",
    )
    .query("q", false, "The citizen's words")
    .query("desa", false, "Desa/kelurahan code, for the routes")
    .query_int("n", "How many (1-10, default 3)")
    .answers::<SuggestPage>(200)
    .errors(&[400, 422])
    .add();
    b.op(
        "post",
        "/api/v1/reports",
        "create_report",
        p,
        "Submit a report (JSON, or multipart with photos)",
    )
    .header(
        "Idempotency-Key",
        "Makes retries safe: a retry gets the first answer",
    )
    .body::<RawReport>()
    .body_also("multipart/form-data", report_multipart())
    .answers::<Receipt>(201)
    .errors(&[400, 409, 413, 415, 422, 429, 503])
    .add();
    b.op(
        "get",
        "/api/v1/reports",
        "list_reports",
        p,
        "Public reports, newest first (never confidential or rejected)",
    )
    .query("unit", false, "Unit code (its subtree)")
    .query("opd", false, "OPD code (same as unit)")
    .query("kecamatan", false, "Kecamatan code")
    .query("category", false, "Category code")
    .query("status", false, "Status code")
    .query("q", false, "Search words")
    .query("page", false, "Page number 1-50")
    .query("cursor", false, "next_cursor of the previous page")
    .answers::<ListPage>(200)
    .empty(304)
    .errors(&[422])
    .add();
    b.op(
        "get",
        "/api/v1/reports/{code}",
        "get_report",
        p,
        "A report by its tracking code",
    )
    .header(
        "X-Reporter-Secret",
        "The secret of a confidential report (never in the URL)",
    )
    .answers::<ReportView>(200)
    .empty(304)
    .errors(&[404, 429])
    .add();
    b.op(
        "get",
        "/api/v1/reports/{code}/photos/{id}",
        "get_photo",
        p,
        "A report's photo",
    )
    .query("t", false, "A signed link's token (confidential reports)")
    .header("X-Reporter-Secret", "The secret of a confidential report")
    .image()
    .errors(&[404, 429])
    .add();
    b.op(
        "get",
        "/api/v1/reports/{code}/photos/{id}/thumb",
        "get_photo_thumb",
        p,
        "A report's photo, small",
    )
    .query("t", false, "A signed link's token (confidential reports)")
    .header("X-Reporter-Secret", "The secret of a confidential report")
    .image()
    .errors(&[404, 429])
    .add();
    b.op(
        "post",
        "/api/v1/reports/{code}/info",
        "add_info",
        p,
        "The reporter adds information",
    )
    .body::<InfoRequest>()
    .answers::<Done>(201)
    .errors(&[400, 404, 409, 415, 422, 429])
    .add();
    b.op(
        "post",
        "/api/v1/reports/{code}/accept",
        "accept",
        p,
        "The reporter accepts the answer (and may rate it)",
    )
    .body::<AcceptRequest>()
    .answers::<ReporterAnswer>(200)
    .errors(&[400, 404, 409, 415, 422, 429])
    .add();
    b.op(
        "post",
        "/api/v1/reports/{code}/reopen",
        "reopen",
        p,
        "The reporter reopens the report",
    )
    .body::<ReopenRequest>()
    .answers::<ReporterAnswer>(200)
    .errors(&[400, 404, 409, 415, 422, 429])
    .add();
    b.op(
        "post",
        "/api/v1/reports/{code}/rating",
        "rate",
        p,
        "The reporter rates the answer",
    )
    .body::<AcceptRequest>()
    .answers::<ReporterAnswer>(200)
    .errors(&[400, 404, 409, 415, 422, 429])
    .add();

    b.op(
        "post",
        "/api/v1/petugas/login",
        "login",
        o,
        "Log in (sets the session cookie)",
    )
    .body::<LoginRequest>()
    .answers::<SessionView>(200)
    .errors(&[400, 401, 415, 422, 429, 503])
    .add();
    b.op(
        "post",
        "/api/v1/petugas/logout",
        "logout",
        o,
        "Log out (all: every session)",
    )
    .body::<LogoutRequest>()
    .empty(204)
    .officer()
    .add();
    b.op(
        "get",
        "/api/v1/petugas/me",
        "me",
        o,
        "The logged-in officer",
    )
    .answers::<SessionView>(200)
    .officer()
    .add();
    b.op(
        "get",
        "/api/v1/petugas/reports",
        "queue",
        o,
        "The officer's queue",
    )
    .query(
        "status",
        false,
        "A status code, or semua for closed reports too",
    )
    .query("overdue", false, "1: overdue only")
    .query_int("page", "Page 1-10")
    .answers::<QueuePage>(200)
    .officer()
    .errors(&[400, 422])
    .add();
    b.op(
        "get",
        "/api/v1/petugas/reports/{code}",
        "detail",
        o,
        "A report as the officer may see it",
    )
    .answers::<OfficerReport>(200)
    .officer()
    .errors(&[404])
    .add();
    b.op(
        "post",
        "/api/v1/petugas/reports/{code}/actions",
        "act",
        o,
        "Move a report (verify, route, answer, …)",
    )
    .body::<ActionRequest>()
    .body_also("multipart/form-data", action_multipart())
    .answers::<OfficerReport>(200)
    .officer()
    .errors(&[400, 404, 409, 413, 415, 422, 503])
    .add();
    b.op(
        "post",
        "/api/v1/petugas/reports/{code}/notes",
        "note",
        o,
        "An internal note",
    )
    .body::<NoteRequest>()
    .answers::<Done>(201)
    .officer()
    .errors(&[400, 404, 415, 422])
    .add();
    b.op(
        "post",
        "/api/v1/petugas/reports/{code}/privacy",
        "privacy",
        o,
        "Tighten a report's privacy",
    )
    .body::<PrivacyRequest>()
    .answers::<PrivacyAnswer>(200)
    .officer()
    .errors(&[400, 404, 409, 415, 422])
    .add();
    b.op(
        "get",
        "/api/v1/petugas/reports/{code}/photos/{id}",
        "officer_photo",
        o,
        "A report's file for an officer",
    )
    .query("thumb", false, "1: the small version")
    .image()
    .officer()
    .errors(&[404])
    .add();
    b.op(
        "get",
        "/api/v1/petugas/officers",
        "officers",
        o,
        "Accounts (coordinator)",
    )
    .answers::<OfficerList>(200)
    .officer()
    .add();
    b.op(
        "post",
        "/api/v1/petugas/officers",
        "create_officer",
        o,
        "Create an account (coordinator)",
    )
    .body::<NewOfficer>()
    .answers::<OfficerSaved>(201)
    .officer()
    .errors(&[400, 415, 422])
    .add();
    b.op(
        "post",
        "/api/v1/petugas/officers/import",
        "import_officers",
        o,
        "Import accounts from CSV, all or nothing (coordinator)",
    )
    .body::<String>()
    .answers::<ImportResult>(201)
    .officer()
    .errors(&[400, 413, 422])
    .add();
    b.op(
        "post",
        "/api/v1/petugas/officers/{username}/unlock",
        "unlock",
        o,
        "Forget an account's failed logins (coordinator)",
    )
    .answers::<Done>(200)
    .officer()
    .errors(&[404])
    .add();
    b.op(
        "patch",
        "/api/v1/petugas/officers/{username}",
        "update_officer",
        o,
        "Change an account (coordinator)",
    )
    .body::<OfficerChange>()
    .answers::<OfficerSaved>(200)
    .officer()
    .errors(&[400, 404, 409, 415, 422])
    .add();
    b.op(
        "get",
        "/api/v1/petugas/monev",
        "monev",
        o,
        "Monitoring by OPD",
    )
    .answers::<MonevView>(200)
    .officer()
    .add();
    b.op(
        "get",
        "/api/v1/petugas/open311-keys",
        "open311_keys",
        o,
        "Open311 API keys, never the keys themselves (coordinator)",
    )
    .answers::<Open311KeyList>(200)
    .officer()
    .add();
    b.op(
        "post",
        "/api/v1/petugas/open311-keys",
        "issue_open311_key",
        o,
        "Issue an Open311 API key, shown once (coordinator)",
    )
    .body::<NewOpen311Key>()
    .answers::<IssuedOpen311Key>(201)
    .officer()
    .errors(&[400, 415, 422])
    .add();
    b.op(
        "delete",
        "/api/v1/petugas/open311-keys/{id}",
        "revoke_open311_key",
        o,
        "Revoke an Open311 API key (coordinator)",
    )
    .answers::<Done>(200)
    .officer()
    .errors(&[404])
    .add();

    // `import` takes the CSV as text.
    if let Some(op) = b
        .paths
        .get_mut("/api/v1/petugas/officers/import")
        .and_then(|i| i.post.as_mut())
    {
        if let Some(body) = op.request_body.as_mut() {
            body.content = BTreeMap::from([("text/csv", MediaType { schema: string() })]);
        }
    }

    Document {
        openapi: "3.1.0",
        info: Info {
            title: "Lapor Natuna API",
            version: env!("CARGO_PKG_VERSION"),
            description: "Public and back-office JSON API of Lapor Natuna. Every body is a type of domain::wire; messages are Indonesian, English with Accept-Language: en or ?lang=en.",
        },
        paths: b.paths,
        components: Components {
            schemas: b.gen.take_definitions().into_iter().collect(),
            security_schemes: BTreeMap::from([
                (
                    "session",
                    SecurityScheme {
                        kind: "apiKey",
                        location: "cookie",
                        name: crate::backoffice::auth::COOKIE,
                        description: "The officer's session (POST /api/v1/petugas/login)",
                    },
                ),
                (
                    "csrf",
                    SecurityScheme {
                        kind: "apiKey",
                        location: "header",
                        name: "X-CSRF-Token",
                        description: "The session's csrf_token, on every change",
                    },
                ),
            ]),
        },
    }
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
