-- A report being written in a chat (domain::messaging::filing::Filing as JSON), one per number
-- and channel. `version` grows with each message, so that two messages handled at once never
-- overwrite each other's step; a conversation idle for FILING_TTL_SECS is forgotten.
CREATE TABLE conversations (
    channel     TEXT NOT NULL,
    phone       TEXT NOT NULL,
    state       TEXT NOT NULL,
    version     BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (channel, phone)
);
CREATE INDEX conversations_by_age ON conversations (updated_at);
