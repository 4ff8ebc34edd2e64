-- Whether the unit's first answer came on time (`domain::deadline::answered_on_time`), decided
-- once at that answer: the one definition the home page, /api/v1/stats and monev count.
ALTER TABLE reports ADD COLUMN first_answer_on_time BIGINT;
