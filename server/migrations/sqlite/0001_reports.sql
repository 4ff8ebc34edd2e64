-- Reports, their history, their photos, and the answers to retried submissions.
CREATE TABLE reports (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    tracking_code    TEXT NOT NULL UNIQUE,
    secret_hash      TEXT,
    report_type      TEXT NOT NULL,
    category         TEXT NOT NULL,
    answers          TEXT NOT NULL,
    title            TEXT NOT NULL,
    body             TEXT NOT NULL,
    incident_date    TEXT,
    desa             TEXT,
    kecamatan        TEXT,
    location_detail  TEXT,
    lat              REAL,
    lon              REAL,
    privacy          TEXT NOT NULL,
    reporter_name    TEXT,
    reporter_phone   TEXT,
    reporter_email   TEXT,
    status           TEXT NOT NULL,
    unit             TEXT NOT NULL,
    proposed_unit    TEXT NOT NULL,
    reason_id        TEXT NOT NULL,
    reason_en        TEXT NOT NULL,
    catalog_version  TEXT NOT NULL,
    channel          TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    with_unit_since  BIGINT,
    answered_at      BIGINT
);
CREATE INDEX reports_listing ON reports (privacy, created_at);
CREATE INDEX reports_unit ON reports (unit);

CREATE TABLE report_history (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id    BIGINT NOT NULL REFERENCES reports (id),
    at           BIGINT NOT NULL,
    action       TEXT NOT NULL,
    from_status  TEXT,
    to_status    TEXT NOT NULL,
    role         TEXT NOT NULL,
    from_unit    TEXT,
    to_unit      TEXT,
    note         TEXT,
    actor        TEXT,
    is_public    BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX report_history_report ON report_history (report_id, at);

CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id     BIGINT NOT NULL REFERENCES reports (id),
    history_id    BIGINT,
    position      BIGINT NOT NULL,
    content_type  TEXT NOT NULL,
    width         BIGINT NOT NULL,
    height        BIGINT NOT NULL,
    data          BLOB NOT NULL,
    thumb         BLOB NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX attachments_report ON attachments (report_id, position);

CREATE TABLE idempotency (
    key           TEXT PRIMARY KEY,
    request_hash  TEXT NOT NULL,
    status_code   BIGINT NOT NULL,
    response      TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
