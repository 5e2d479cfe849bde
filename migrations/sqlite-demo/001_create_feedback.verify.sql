-- Each query is a check: it passes when it returns 1 (the second column is shown as detail).
-- check: Feedback has 13 columns
SELECT COUNT(*) = 13, COUNT(*) || ' columns' FROM pragma_table_info('Feedback');
-- check: Feedback has 2 foreign keys (ProgressReport, User)
SELECT COUNT(*) = 2, group_concat("table", ', ') FROM pragma_foreign_key_list('Feedback');
-- check: Feedback has its 4 indexes
SELECT COUNT(*) = 4, group_concat(name, ', ')
  FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'Feedback'
   AND name IN ('idx_feedback_student_week', 'idx_feedback_report', 'idx_feedback_created_by', 'idx_feedback_student_subject');
-- check: Feedback is empty, ready for data
SELECT COUNT(*) = 0, COUNT(*) || ' rows' FROM Feedback;
