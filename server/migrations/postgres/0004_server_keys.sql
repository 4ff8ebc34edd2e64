-- Secrets the server instances share (made at first start): the key that signs short-lived
-- links to a confidential report's photos, so its secret never travels in a URL.
CREATE TABLE server_keys (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
