-- Week starts were stored as midnight UTC; weeks in Argentina (UTC-3) start at 03:00 UTC.
-- The reports sent after the app's fix of 25 August are already right and must stay as they are.

-- The wrong values are kept first, so the rollback can put back exactly what was there.
CREATE TABLE ProgressReport_weekStart_002 AS
  SELECT id, weekStart, weekEnd FROM ProgressReport WHERE weekStart LIKE '%T00:00:00.000Z';

-- Batches of 50, each committed on its own, so writers of the live platform wait at most for
-- one batch; an interrupted run resumes where it stopped.
-- migctl:batch size=50
-- migctl:total SELECT COUNT(*) FROM ProgressReport WHERE weekStart LIKE '%T00:00:00.000Z'
UPDATE ProgressReport
   SET weekStart = replace(weekStart, 'T00:00:00.000Z', 'T03:00:00.000Z'),
       weekEnd = strftime('%Y-%m-%dT%H:%M:%fZ', replace(weekStart, 'T00:00:00.000Z', 'T03:00:00.000Z'),
                          '+7 days', '-0.001 seconds')
 WHERE id IN (SELECT id FROM ProgressReport
               WHERE weekStart LIKE '%T00:00:00.000Z'
               LIMIT :batch_size);
