-- Two-step sign-in for officers (domain::totp): the authenticator app's secret (hex; set when
-- enrolment starts, enabled when the first code is confirmed), the last step a code was accepted
-- for (a code is never accepted twice), and one-time recovery codes (SHA-256).
ALTER TABLE officers ADD COLUMN totp_secret TEXT;
ALTER TABLE officers ADD COLUMN totp_enabled BIGINT NOT NULL DEFAULT 0;
ALTER TABLE officers ADD COLUMN totp_last_step BIGINT;

CREATE TABLE recovery_codes (
    id BIGSERIAL PRIMARY KEY,
    officer_id  BIGINT NOT NULL REFERENCES officers (id),
    code_hash   TEXT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX recovery_codes_officer ON recovery_codes (officer_id);

-- A session of an account whose role requires two-step sign-in and has none yet: it may only
-- enrol, see itself and log out.
ALTER TABLE sessions ADD COLUMN enrol_only BIGINT NOT NULL DEFAULT 0;
