-- The validation script of the release: every check must return 1.
-- check: UserProgress has 9 columns
SELECT COUNT(*) = 9, COUNT(*) || ' columns' FROM pragma_table_info('UserProgress');
-- check: ExportHistory has 8 columns
SELECT COUNT(*) = 8, COUNT(*) || ' columns' FROM pragma_table_info('ExportHistory');
-- check: one progress row per user (UNIQUE userId)
SELECT COUNT(*) = 1, group_concat(name) FROM pragma_index_list('UserProgress') WHERE "unique" = 1 AND origin = 'u';
-- check: both tables cascade deletes from User
SELECT COUNT(*) = 2, group_concat("table" || '.' || on_delete)
  FROM (SELECT * FROM pragma_foreign_key_list('UserProgress') UNION ALL SELECT * FROM pragma_foreign_key_list('ExportHistory'))
 WHERE "table" = 'User' AND on_delete = 'CASCADE';
-- check: the three triggers exist
SELECT COUNT(*) = 3, group_concat(name, ', ')
  FROM sqlite_schema WHERE type = 'trigger'
   AND name IN ('trg_user_progress_updated', 'trg_export_history_updated', 'trg_report_progress');
-- check: every student with reports has a progress row
SELECT COUNT(*) = 0, COUNT(*) || ' students without one'
  FROM (SELECT DISTINCT userId FROM ProgressReport) r
 WHERE NOT EXISTS (SELECT 1 FROM UserProgress p WHERE p.userId = r.userId);
-- check: progress counts add up to the reports (560)
SELECT SUM(reportsSubmitted) = (SELECT COUNT(*) FROM ProgressReport), SUM(reportsSubmitted) || ' counted'
  FROM UserProgress;
-- check: each student's count matches their reports
SELECT COUNT(*) = 0, COUNT(*) || ' students whose count differs'
  FROM UserProgress p
 WHERE p.reportsSubmitted <> (SELECT COUNT(*) FROM ProgressReport r WHERE r.userId = p.userId);
-- check: streaks are between 1 and 4 weeks
SELECT COUNT(*) = 0, COUNT(*) || ' out of range' FROM UserProgress WHERE currentStreakWeeks NOT BETWEEN 1 AND 4;
-- check: no export recorded yet
SELECT COUNT(*) = 0, COUNT(*) || ' exports' FROM ExportHistory;
-- check: no progress row points at a missing user
SELECT COUNT(*) = 0, COUNT(*) || ' orphans' FROM UserProgress p LEFT JOIN User u ON u.id = p.userId WHERE u.id IS NULL;
