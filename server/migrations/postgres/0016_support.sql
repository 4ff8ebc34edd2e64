-- "Saya juga mengalami" (domain::support): one row per device that supported a report (the
-- SHA-256 of the app's random device id, never the id itself), the phone or e-mail that follows
-- the report if one was given, and the count kept on the report in the same transaction.
ALTER TABLE reports ADD COLUMN supporters BIGINT NOT NULL DEFAULT 0;
CREATE TABLE report_supports (
    report_id  BIGINT NOT NULL REFERENCES reports (id),
    device     TEXT NOT NULL,
    at         BIGINT NOT NULL,
    phone      TEXT,
    email      TEXT,
    PRIMARY KEY (report_id, device)
);
-- Similar reports: public, one category, one kecamatan, the last 30 days.
CREATE INDEX reports_similar ON reports (listed, category, kecamatan, created_at);
