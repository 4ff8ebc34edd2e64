-- One outbox for every channel a message goes out on (domain::messaging::Channel: e-mail,
-- WhatsApp, SMS). Each channel's sender reads only its own due messages through outbox_due.
ALTER TABLE mail_outbox RENAME TO outbox;
ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'email';
-- 1 when the message answers the person's own message: sent even after they replied STOP.
ALTER TABLE outbox ADD COLUMN reply BIGINT NOT NULL DEFAULT 0;
-- The provider's id of the sent message and its last delivery status (from its webhooks).
ALTER TABLE outbox ADD COLUMN provider_id TEXT;
ALTER TABLE outbox ADD COLUMN delivery TEXT;
ALTER TABLE outbox ADD COLUMN delivery_at BIGINT;
DROP INDEX mail_outbox_pending;
CREATE INDEX outbox_due ON outbox (channel, next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_provider ON outbox (channel, provider_id) WHERE provider_id IS NOT NULL;

-- A phone number that wrote to or was written to by the service: STOP (opted out) and when it
-- last wrote (WhatsApp allows free text only within 24 hours of that).
CREATE TABLE phones (
    phone            TEXT PRIMARY KEY,
    opted_out_at     BIGINT,
    last_inbound_at  BIGINT
);

-- Every message received, by the provider's id: a webhook the platform delivers again acts once.
CREATE TABLE inbound_messages (
    channel      TEXT NOT NULL,
    message_id   TEXT NOT NULL,
    phone        TEXT,
    received_at  BIGINT NOT NULL,
    PRIMARY KEY (channel, message_id)
);

-- The reports a phone number filed (replies act on the reporter's own reports only).
CREATE INDEX reports_by_phone ON reports (reporter_phone, id) WHERE reporter_phone IS NOT NULL;
