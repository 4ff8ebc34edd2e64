-- The start-up backfill of first_answer_on_time (store::reports::backfill_answered_on_time) finds
-- the rows it fills through this index, which is empty once they are filled, instead of reading
-- every report on every start (3.4 s on a million reports).
CREATE INDEX reports_on_time_missing ON reports (id)
    WHERE first_answered_at IS NOT NULL AND first_answer_on_time IS NULL;
