-- Each query returns 1 when the check passes.
SELECT COUNT(*) = 13 FROM pragma_table_info('Feedback');
SELECT COUNT(*) = 2 FROM pragma_foreign_key_list('Feedback');
SELECT COUNT(*) = 4 FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'Feedback' AND name LIKE 'idx_feedback_%';
