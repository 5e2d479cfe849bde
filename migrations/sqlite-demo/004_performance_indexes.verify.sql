-- check: the 11 index names exist
-- (what the original run checked, and why it reported success: the names are all there)
SELECT COUNT(*) = 11, COUNT(*) || ' of 11'
  FROM sqlite_schema WHERE type = 'index' AND name IN (
    'idx_report_week', 'idx_report_subject_week', 'idx_report_submitted', 'idx_answer_report', 'idx_user_role',
    'idx_feedback_week', 'idx_feedback_score', 'idx_feedback_student_week', 'idx_progress_last_report',
    'idx_export_history_user_date', 'idx_export_history_status');
-- check: idx_feedback_student_week covers studentId, weekStart and subject
SELECT COUNT(*) = 3, group_concat(name, ', ') FROM pragma_index_info('idx_feedback_student_week');
