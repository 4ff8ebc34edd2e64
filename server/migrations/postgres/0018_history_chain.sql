-- The tamper-evident history (domain::chain): each entry's salt (random, never published), the
-- hash of its content and its hash in the chain (the previous entry's hash and its content).
-- Entries written before this migration are sealed by the server when it starts
-- (Store::seal_chain), in the order they were written.
ALTER TABLE report_history ADD COLUMN salt TEXT;
ALTER TABLE report_history ADD COLUMN content_hash TEXT;
ALTER TABLE report_history ADD COLUMN hash TEXT;

-- Each day's head (WIB): the last entry written that day, recorded by the first entry written
-- on a later day, in the same transaction. Published on /statistik and in the open data.
CREATE TABLE chain_heads (
    day      TEXT PRIMARY KEY,
    last_id  BIGINT NOT NULL,
    hash     TEXT NOT NULL
);
