-- Each query returns 1 when the check passes.
SELECT COUNT(*) = 0 FROM ProgressReport WHERE weekStart LIKE '%T00:00:00.000Z';
SELECT COUNT(*) = 560 FROM ProgressReport;
SELECT COUNT(*) = 3 FROM (SELECT DISTINCT weekStart FROM ProgressReport);
