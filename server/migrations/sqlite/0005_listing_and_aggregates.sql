-- Every list, queue and count served by an index (issue: fast at any size).
-- Kept by the server in the same transaction as every change (values from `domain`):
--   listed        1 when the public may list the report (privacy and status allow it)
--   opd           the OPD (or kecamatan office) the report's unit belongs to
--   due_at        the current step's deadline (Unix seconds); NULL once the report is closed
--   search_terms  the words a search finds it by (`domain::search::document`)
ALTER TABLE reports ADD COLUMN listed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN opd TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN due_at BIGINT;
ALTER TABLE reports ADD COLUMN search_terms TEXT NOT NULL DEFAULT '';

DROP INDEX reports_listing;
DROP INDEX reports_unit;
-- Public lists, newest first (id order is arrival order), by each filter.
CREATE INDEX reports_list ON reports (listed, id);
CREATE INDEX reports_list_kecamatan ON reports (listed, kecamatan, id);
CREATE INDEX reports_list_category ON reports (listed, category, id);
CREATE INDEX reports_list_status ON reports (listed, status, id);
CREATE INDEX reports_list_opd ON reports (listed, opd, id);
CREATE INDEX reports_list_unit ON reports (listed, unit, id);
-- Officers' queues by deadline (overdue first), and the scheduled jobs.
CREATE INDEX reports_due ON reports (due_at, id);
CREATE INDEX reports_opd_due ON reports (opd, due_at, id);
CREATE INDEX reports_unit_due ON reports (unit, due_at, id);
CREATE INDEX reports_status_due ON reports (status, due_at, id);
-- Newest first within a scope, closed ones included.
CREATE INDEX reports_opd_id ON reports (opd, id);
CREATE INDEX reports_unit_id ON reports (unit, id);

-- Figures per unit and month of arrival, kept in the same transaction as each change: monev
-- and the home page's figures read these, never the reports.
CREATE TABLE report_stats (
    unit            TEXT NOT NULL,
    month           TEXT NOT NULL,
    received        BIGINT NOT NULL DEFAULT 0,
    open            BIGINT NOT NULL DEFAULT 0,
    answered        BIGINT NOT NULL DEFAULT 0,
    answered_on_time BIGINT NOT NULL DEFAULT 0,
    finished        BIGINT NOT NULL DEFAULT 0,
    not_authority   BIGINT NOT NULL DEFAULT 0,
    misroutes       BIGINT NOT NULL DEFAULT 0,
    reopened        BIGINT NOT NULL DEFAULT 0,
    rating_sum      BIGINT NOT NULL DEFAULT 0,
    rating_count    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit, month)
);

-- The search index (SQLite's own; PostgreSQL uses a GIN index on the same column).
CREATE VIRTUAL TABLE reports_fts USING fts5(search_terms, content = 'reports', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN
    INSERT INTO reports_fts (rowid, search_terms) VALUES (new.id, new.search_terms);
END;
CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN
    INSERT INTO reports_fts (reports_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
END;
CREATE TRIGGER reports_fts_update AFTER UPDATE OF search_terms ON reports BEGIN
    INSERT INTO reports_fts (reports_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
    INSERT INTO reports_fts (rowid, search_terms) VALUES (new.id, new.search_terms);
END;

CREATE INDEX login_failures_user ON login_failures (username, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);

-- Several server instances share one PostgreSQL: a message is sent by whichever instance holds
-- its lease, once.
ALTER TABLE mail_outbox ADD COLUMN lease_owner TEXT;
ALTER TABLE mail_outbox ADD COLUMN lease_until BIGINT;
