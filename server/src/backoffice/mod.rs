//! The back office: officers verify, route, answer and monitor reports (`/api/v1/petugas/…`),
//! and reporters respond to answers (`/api/v1/reports/{code}/…`). Lifecycle, routing, scope and
//! deadlines are `domain`'s; this module authenticates, checks scope, and persists.

pub mod auth;
pub mod filing;
pub mod mail;
pub mod monev;
pub mod officers;
pub mod open311_keys;
pub mod redaction;
pub mod reporter;
pub mod reports;
pub mod totp;
pub mod workflow;

use crate::AppState;
use axum::routing::{delete, get, patch, post};
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/petugas/login", post(auth::login))
        .route("/api/v1/petugas/logout", post(auth::logout))
        .route("/api/v1/petugas/me", get(auth::me))
        .route("/api/v1/petugas/totp/setup", post(totp::setup))
        .route("/api/v1/petugas/totp/confirm", post(totp::confirm))
        .route(
            "/api/v1/petugas/officers/{username}/totp-reset",
            post(totp::reset),
        )
        .route(
            "/api/v1/petugas/reports",
            get(reports::queue).post(filing::file),
        )
        .route("/api/v1/petugas/reports/{code}", get(reports::detail))
        .route("/api/v1/petugas/reports/{code}/actions", post(reports::act))
        .route("/api/v1/petugas/reports/{code}/notes", post(reports::note))
        .route(
            "/api/v1/petugas/reports/{code}/identity",
            post(reports::open_identity),
        )
        .route(
            "/api/v1/petugas/reports/{code}/redactions",
            post(redaction::redact),
        )
        .route(
            "/api/v1/petugas/reports/{code}/release",
            post(reports::release),
        )
        .route(
            "/api/v1/petugas/reports/{code}/privacy",
            post(reports::privacy),
        )
        .route(
            "/api/v1/petugas/reports/{code}/photos/{id}",
            get(reports::photo),
        )
        .route(
            "/api/v1/petugas/officers",
            get(officers::list).post(officers::create),
        )
        .route("/api/v1/petugas/officers/import", post(officers::import))
        .route(
            "/api/v1/petugas/officers/{username}/unlock",
            post(officers::unlock),
        )
        .route(
            "/api/v1/petugas/officers/{username}",
            patch(officers::update),
        )
        .route("/api/v1/petugas/audit", get(officers::audit))
        .route("/api/v1/petugas/monev", get(monev::monev))
        .route(
            "/api/v1/petugas/open311-keys",
            get(open311_keys::list).post(open311_keys::create),
        )
        .route(
            "/api/v1/petugas/open311-keys/{id}",
            delete(open311_keys::revoke),
        )
        .route("/api/v1/reports/{code}/info", post(reporter::add_info))
        .route("/api/v1/reports/{code}/accept", post(reporter::accept))
        .route("/api/v1/reports/{code}/reopen", post(reporter::reopen))
        .route("/api/v1/reports/{code}/followup", post(reporter::followup))
        .route("/api/v1/reports/{code}/rating", post(reporter::rate))
        .route(
            "/api/v1/reports/{code}/identity-openings",
            post(reporter::identity_openings),
        )
}
