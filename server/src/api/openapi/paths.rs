//! Every `/api/v1` route of `lib.rs` and `backoffice::routes`: its parameters, the wire type it
//! takes and the ones it answers with.

use super::*;

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
    .report_submission()
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
        "/api/v1/reports/similar",
        "similar_reports",
        p,
        "Open public reports like a new one: one category, one kecamatan (that desa first), the last 30 days",
    )
    .query("category", true, "Category code")
    .query("desa", true, "Desa/kelurahan code (or a kecamatan code)")
    .answers::<SimilarPage>(200)
    .errors(&[422])
    .add();
    b.op(
        "post",
        "/api/v1/reports/{code}/support",
        "support",
        p,
        "\"Saya juga mengalami\": support a public report once per device (201 added, 200 already)",
    )
    .body::<SupportRequest>()
    .answers::<SupportAnswer>(201)
    .answers::<SupportAnswer>(200)
    .errors(&[400, 404, 409, 415, 422, 429])
    .add();
    b.op(
        "get",
        "/api/v1/reports/{code}/proof",
        "report_proof",
        p,
        "What recomputes a report's history entries against the published daily heads of the history chain",
    )
    .header(
        "X-Reporter-Secret",
        "The secret of a confidential report (never in the URL)",
    )
    .answers::<ChainProof>(200)
    .errors(&[404, 429, 503])
    .add();
    b.op(
        "post",
        "/api/v1/reports/{code}/flag",
        "flag",
        p,
        "Mark a public report \"mengandung data pribadi / tidak pantas\" (201 counted, 200 not counted again); enough distinct devices hide it pending review",
    )
    .body::<FlagRequest>()
    .answers::<FlagAnswer>(201)
    .answers::<FlagAnswer>(200)
    .errors(&[400, 404, 415, 422, 429])
    .add();
    b.op(
        "get",
        "/api/v1/chain/heads",
        "chain_heads",
        p,
        "The history chain's published daily heads, newest first (today's so far first)",
    )
    .query("days", false, "How many days, 1-366 (31)")
    .answers::<ChainHeads>(200)
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
        "/api/v1/reports/{code}/followup",
        "followup",
        p,
        "The reporter answers the follow-up question: is the problem really solved?",
    )
    .body::<FollowUpRequest>()
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
        "/api/v1/reports/{code}/identity-openings",
        "identity_openings",
        p,
        "The reporter (with the reporter code) reads each time an officer opened their hidden identity: when, which unit, why",
    )
    .body::<ReporterTokenRequest>()
    .answers::<IdentityOpenings>(200)
    .errors(&[400, 404, 415, 422])
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
        "post",
        "/api/v1/petugas/totp/setup",
        "totp_setup",
        o,
        "Two-step sign-in: a new authenticator secret, its otpauth URI and QR code (until confirmed)",
    )
    .answers::<TotpSetup>(200)
    .officer()
    .errors(&[409])
    .add();
    b.op(
        "post",
        "/api/v1/petugas/totp/confirm",
        "totp_confirm",
        o,
        "Two-step sign-in: the app's first code turns it on; the ten recovery codes, shown once",
    )
    .body::<TotpConfirm>()
    .answers::<TotpEnabled>(200)
    .officer()
    .errors(&[400, 409, 415, 422])
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
        "post",
        "/api/v1/petugas/reports",
        "file_for_citizen",
        o,
        "Record a citizen's complaint (desa/kecamatan officer, coordinator)",
    )
    .query(
        "channel",
        true,
        "How it was received: tatap_muka, telepon, surat, whatsapp or sms",
    )
    .report_submission()
    .officer()
    .errors(&[400, 403, 409, 413, 415, 422, 503])
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
        "/api/v1/petugas/reports/{code}/release",
        "release",
        o,
        "A held report goes public after review (pre-moderated: coordinator or its OPD liaison; flagged: coordinator)",
    )
    .answers::<OfficerReport>(200)
    .officer()
    .errors(&[404, 409])
    .add();
    b.op(
        "post",
        "/api/v1/petugas/reports/{code}/redactions",
        "redact",
        o,
        "Redact part of a report: words of the title, story, location detail or a public note become \"[disunting]\", or regions of a photo become black (coordinator; an OPD liaison its OPD's reports); the original stays for the coordinator only",
    )
    .body::<RedactRequest>()
    .answers::<OfficerReport>(200)
    .officer()
    .errors(&[400, 403, 404, 409, 415, 422, 503])
    .add();
    b.op(
        "post",
        "/api/v1/petugas/reports/{code}/identity",
        "open_identity",
        o,
        "\"Buka identitas\": the coordinator opens a hidden reporter's identity with a reason (logged in the history, shown to the reporter); never a unit",
    )
    .body::<OpenIdentityRequest>()
    .answers::<ReporterView>(200)
    .officer()
    .errors(&[400, 403, 404, 415, 422])
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
    .query(
        "original",
        false,
        "1: a blacked-out photo as it arrived (the coordinator only)",
    )
    .query(
        "v",
        false,
        "The photo's revision (changes when it is blacked out)",
    )
    .image()
    .officer()
    .errors(&[403, 404])
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
        "get",
        "/api/v1/petugas/audit",
        "account_audit",
        o,
        "The audit log of accounts, newest first (coordinator)",
    )
    .answers::<AccountEvents>(200)
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
        "post",
        "/api/v1/petugas/officers/{username}/totp-reset",
        "totp_reset",
        o,
        "Reset an account's two-step sign-in (a lost phone; coordinator): it enrols again at its next login",
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
        "/api/v1/petugas/ekspor/{file}",
        "export",
        o,
        "Reports or the monev table of a period as .xlsx or .csv (laporan.xlsx, laporan.csv, monev.xlsx, monev.csv)",
    )
    .query("periode", false, "A month (2026-11), a quarter (2026-Q4) or a year (2026); this year when absent")
    .query("opd", false, "An OPD's code")
    .query("unit", false, "A unit's code (its subtree)")
    .query("status", false, "A status code")
    .query("kategori", false, "A category's code")
    .download()
    .errors(&[404, 422, 503])
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
