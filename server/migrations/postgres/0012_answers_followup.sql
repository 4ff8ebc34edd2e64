-- Answers that are real (domain::answer): reports answered at least once although the
-- normative-answer check found a part missing (the officer gave a logged reason).
ALTER TABLE reports ADD COLUMN normative_answers BIGINT NOT NULL DEFAULT 0;
-- The follow-up after a report is finished: when it falls due (set when the report finishes,
-- from the operator's FOLLOWUP_WORKING_DAYS), when the reporter was asked (once), and their reply
-- (domain::followup::Reply).
ALTER TABLE reports ADD COLUMN followup_due_at BIGINT;
ALTER TABLE reports ADD COLUMN followup_asked_at BIGINT;
ALTER TABLE reports ADD COLUMN followup_reply TEXT;
ALTER TABLE reports ADD COLUMN followup_reply_at BIGINT;
CREATE INDEX reports_followup_due ON reports (followup_due_at) WHERE followup_due_at IS NOT NULL;
-- Per unit and month: normative answers, follow-ups asked, and the replies.
ALTER TABLE report_stats ADD COLUMN normative BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_stats ADD COLUMN followups BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_stats ADD COLUMN fixed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_stats ADD COLUMN unresolved BIGINT NOT NULL DEFAULT 0;
