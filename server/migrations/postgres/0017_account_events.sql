-- The audit log of officers' accounts (domain::account::Change): created, role or unit changed,
-- disabled or enabled, password reset, details changed, unlocked; who did it and when. Written in
-- the same transaction as the change; coordinators read it, newest first.
CREATE TABLE account_events (
    id BIGSERIAL PRIMARY KEY,
    at        BIGINT NOT NULL,
    actor     TEXT NOT NULL,
    username  TEXT NOT NULL,
    change    TEXT NOT NULL,
    text_id   TEXT NOT NULL,
    text_en   TEXT NOT NULL
);
