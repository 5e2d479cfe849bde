DROP INDEX idx_feedback_student_subject;
DROP INDEX idx_feedback_created_by;
DROP INDEX idx_feedback_report;
DROP INDEX idx_feedback_student_week;
DROP TABLE Feedback;
