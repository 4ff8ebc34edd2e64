-- Officers, their sessions and failed logins; the mail outbox; scheduled jobs; counters kept on
-- reports for monitoring (misroutes, reopenings, rating).
CREATE TABLE officers (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    username       TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    email          TEXT,
    role           TEXT NOT NULL,
    unit           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    active         BIGINT NOT NULL DEFAULT 1,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX officers_unit ON officers (unit);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    officer_id  BIGINT NOT NULL REFERENCES officers (id),
    csrf        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    last_seen   BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

CREATE TABLE login_failures (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    username  TEXT NOT NULL,
    ip        TEXT NOT NULL,
    at        BIGINT NOT NULL
);
CREATE INDEX login_failures_at ON login_failures (at);

CREATE TABLE mail_outbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    to_addr          TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,
    sent_at          BIGINT,
    last_error       TEXT
);
CREATE INDEX mail_outbox_pending ON mail_outbox (sent_at, next_attempt_at);

CREATE TABLE job_runs (
    name      TEXT PRIMARY KEY,
    last_run  BIGINT NOT NULL
);

ALTER TABLE reports ADD COLUMN misroute_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN reopen_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN merged_into TEXT;
ALTER TABLE reports ADD COLUMN rating BIGINT;
ALTER TABLE reports ADD COLUMN rating_comment TEXT;
ALTER TABLE reports ADD COLUMN first_answered_at BIGINT;
ALTER TABLE reports ADD COLUMN verified_at BIGINT;
ALTER TABLE reports ADD COLUMN finished_at BIGINT;
