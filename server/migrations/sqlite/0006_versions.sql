-- Every change to a report takes the next number of one global sequence: a report's version (the
-- ETag of its public view) and, as the highest number, the version of every public list.
ALTER TABLE reports ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
UPDATE reports SET change_seq = id;
CREATE INDEX reports_change_seq ON reports (change_seq);
