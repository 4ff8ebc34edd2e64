-- Held from the public (domain::moderation::Hold): a pre-moderated category's report until an
-- officer releases it, or a report flagged by enough distinct devices until the coordinator
-- reviews it. A held report is not listed (the listed column) and opens by its code only with
-- the reporter's code.
ALTER TABLE reports ADD COLUMN held TEXT;
ALTER TABLE reports ADD COLUMN held_at BIGINT;

-- "Mengandung data pribadi / tidak pantas": one flag per device (the SHA-256 of the app's id)
-- and report, counted once per network; reviewed when the report was released (flags after that
-- count anew).
CREATE TABLE report_flags (
    id          BIGSERIAL PRIMARY KEY,
    report_id   BIGINT NOT NULL REFERENCES reports (id),
    device      TEXT NOT NULL,
    -- A keyed hash of the client's address: one flag per network counts.
    network     TEXT NOT NULL,
    counted     BIGINT NOT NULL,
    reason      TEXT NOT NULL,
    note        TEXT,
    at          BIGINT NOT NULL,
    reviewed_at BIGINT
);
CREATE UNIQUE INDEX report_flags_device ON report_flags (report_id, device);
