-- idx_feedback_student_week is left alone: it belongs to 001, this migration only meant to widen it.
DROP INDEX IF EXISTS idx_export_history_status;
DROP INDEX IF EXISTS idx_export_history_user_date;
DROP INDEX IF EXISTS idx_progress_last_report;
DROP INDEX IF EXISTS idx_feedback_score;
DROP INDEX IF EXISTS idx_feedback_week;
DROP INDEX IF EXISTS idx_user_role;
DROP INDEX IF EXISTS idx_answer_report;
DROP INDEX IF EXISTS idx_report_submitted;
DROP INDEX IF EXISTS idx_report_subject_week;
DROP INDEX IF EXISTS idx_report_week;
