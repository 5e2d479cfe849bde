-- Each query returns 1 when the check passes.
SELECT COUNT(*) = 141 FROM User;
SELECT COUNT(*) = 560 FROM ProgressReport;
