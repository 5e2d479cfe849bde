-- Week starts were stored as midnight UTC; Argentina (UTC-3) weeks start at 03:00 UTC.
-- Repeated in batches of 50 until no row is left, each batch committed on its own.
-- migctl:batch size=50
-- migctl:total SELECT COUNT(*) FROM ProgressReport WHERE weekStart LIKE '%T00:00:00.000Z'
UPDATE ProgressReport
   SET weekStart = replace(weekStart, 'T00:00:00.000Z', 'T03:00:00.000Z')
 WHERE id IN (SELECT id FROM ProgressReport
               WHERE weekStart LIKE '%T00:00:00.000Z'
               LIMIT :batch_size);
