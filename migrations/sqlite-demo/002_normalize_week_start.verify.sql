-- check: no week start left at midnight UTC
SELECT COUNT(*) = 0, COUNT(*) || ' reports still at T00:00:00.000Z' FROM ProgressReport WHERE weekStart LIKE '%T00:00:00.000Z';
-- check: every report kept (560)
SELECT COUNT(*) = 560, COUNT(*) || ' reports' FROM ProgressReport;
-- check: the 496 wrong values were saved for the rollback
SELECT COUNT(*) = 496, COUNT(*) || ' saved' FROM ProgressReport_weekStart_002;
-- check: every saved report now starts at 03:00 UTC of the same day
SELECT COUNT(*) = 0, COUNT(*) || ' saved reports not moved to 03:00 UTC'
  FROM ProgressReport_weekStart_002 s JOIN ProgressReport r ON r.id = s.id
 WHERE r.weekStart <> replace(s.weekStart, 'T00:00:00.000Z', 'T03:00:00.000Z');
-- check: week ends follow their week starts (7 days minus 1 ms)
SELECT COUNT(*) = 0, COUNT(*) || ' reports with a week end that does not match'
  FROM ProgressReport
 WHERE strftime('%s', weekEnd) - strftime('%s', weekStart) <> 7 * 86400 - 1;
