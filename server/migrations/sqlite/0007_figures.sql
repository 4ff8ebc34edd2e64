-- The public statistics (monev in the open): what each report adds, decided when it happens.
ALTER TABLE reports ADD COLUMN verified_on_time BIGINT;
ALTER TABLE reports ADD COLUMN first_answer_days BIGINT;
ALTER TABLE reports ADD COLUMN reroute_count BIGINT NOT NULL DEFAULT 0;
UPDATE reports SET reroute_count = (SELECT COUNT(*) FROM report_history h WHERE h.report_id = reports.id AND h.action = 'reroute');

-- Per unit and month: report-level counts next to the event counts.
ALTER TABLE report_stats ADD COLUMN verified BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_stats ADD COLUMN verified_on_time BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_stats ADD COLUMN routed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_stats ADD COLUMN misrouted BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_stats ADD COLUMN reopened_reports BIGINT NOT NULL DEFAULT 0;
-- Working days to the first answer, counted per unit, month and number of days (for medians).
CREATE TABLE report_answer_days (
    unit   TEXT NOT NULL,
    month  TEXT NOT NULL,
    days   BIGINT NOT NULL,
    n      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit, month, days)
);
-- Reports per desa/kelurahan (where the problem is) and month.
CREATE TABLE report_places (
    desa   TEXT NOT NULL,
    month  TEXT NOT NULL,
    n      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (desa, month)
);
-- Reports per kind, channel and month.
CREATE TABLE report_kinds (
    report_type  TEXT NOT NULL,
    channel      TEXT NOT NULL,
    month        TEXT NOT NULL,
    n            BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (report_type, channel, month)
);
-- One channel vocabulary (domain::report::Channel): the JSON API and app were 'api', the form 'web'.
UPDATE reports SET channel = CASE channel WHEN 'api' THEN 'web' WHEN 'web' THEN 'nojs' ELSE channel END;
-- Rebuilt from the reports at the next start.
DELETE FROM report_stats;
