DROP INDEX IF EXISTS idx_feedback_student_subject;
DROP INDEX IF EXISTS idx_feedback_created_by;
DROP INDEX IF EXISTS idx_feedback_report;
DROP INDEX IF EXISTS idx_feedback_student_week;
DROP TABLE IF EXISTS Feedback;
