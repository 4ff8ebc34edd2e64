-- Redaction (domain::redaction). A text part's original words, as first written, and what
-- everyone but the coordinator reads now. The title, story and location detail are also kept
-- redacted in their columns of reports (so every list, search, feed and export reads them);
-- a history entry's note stays as written in report_history (the chain hashes it) and is read
-- through this table's shown text.
CREATE TABLE redactions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id   BIGINT NOT NULL REFERENCES reports (id),
    part        TEXT NOT NULL,
    -- The history entry's number for an entry's note; 0 for the report's own parts.
    ref_id      BIGINT NOT NULL,
    original    TEXT NOT NULL,
    shown       TEXT NOT NULL,
    at          BIGINT NOT NULL
);
CREATE UNIQUE INDEX redactions_part ON redactions (report_id, part, ref_id);

-- A photo with regions blacked out: the photo as it arrived (the coordinator's only), and a
-- revision that changes its public links so no cache keeps the earlier version.
ALTER TABLE attachments ADD COLUMN original BLOB;
ALTER TABLE attachments ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
