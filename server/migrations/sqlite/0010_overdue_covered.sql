-- Overdue reports are counted per unit and per OPD on every statistics and monev view: the
-- deadline indexes also hold the status, so the count reads the index alone.
DROP INDEX reports_unit_due;
DROP INDEX reports_opd_due;
CREATE INDEX reports_unit_due ON reports (unit, due_at, id, status);
CREATE INDEX reports_opd_due ON reports (opd, due_at, id, status);
-- A period's working days to answer, read by month.
CREATE INDEX report_answer_days_month ON report_answer_days (month, unit, days, n);
