-- Open311 GeoReport v2 (`/open311/v2/`): the API keys another system posts service requests
-- with. The coordinator issues a key in the back office (shown once) and revokes it; only its
-- SHA-256 is kept (keys are 32 random bytes, so a fast hash is enough).
CREATE TABLE open311_keys (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL,
    key_hash      TEXT NOT NULL UNIQUE,
    created_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    revoked_at    BIGINT,
    last_used_at  BIGINT
);
-- `GET /open311/v2/requests`: public reports by the time they were made, newest first.
CREATE INDEX reports_list_created ON reports (listed, created_at, id);
