-- Puts back the values 002 saved, and only those: reports that were right before stay right.
UPDATE ProgressReport
   SET weekStart = (SELECT s.weekStart FROM ProgressReport_weekStart_002 s WHERE s.id = ProgressReport.id),
       weekEnd = (SELECT s.weekEnd FROM ProgressReport_weekStart_002 s WHERE s.id = ProgressReport.id)
 WHERE id IN (SELECT id FROM ProgressReport_weekStart_002);
DROP TABLE ProgressReport_weekStart_002;
