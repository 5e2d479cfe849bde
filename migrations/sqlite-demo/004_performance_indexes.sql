-- Eleven indexes for the report and feedback screens, written with the "bulletproof" IF NOT
-- EXISTS template of the incident review of 11 July 2025.
--
-- This is the demo's silent failure: idx_feedback_student_week already exists (001 made it on
-- studentId, weekStart), so SQLite skips the wider definition below without a word, exactly as
-- the production run this is modelled on lost its indexes. The console checks every declared
-- object after the migration and marks it "applied with differences" instead of "applied".
CREATE INDEX IF NOT EXISTS idx_report_week ON ProgressReport(weekStart);
CREATE INDEX IF NOT EXISTS idx_report_subject_week ON ProgressReport(subject, weekStart);
CREATE INDEX IF NOT EXISTS idx_report_submitted ON ProgressReport(submittedAt);
CREATE INDEX IF NOT EXISTS idx_answer_report ON Answer(progressReportId);
CREATE INDEX IF NOT EXISTS idx_user_role ON User(role);
CREATE INDEX IF NOT EXISTS idx_feedback_week ON Feedback(weekStart);
CREATE INDEX IF NOT EXISTS idx_feedback_score ON Feedback(score);
CREATE INDEX IF NOT EXISTS idx_feedback_student_week ON Feedback(studentId, weekStart, subject);
CREATE INDEX IF NOT EXISTS idx_progress_last_report ON UserProgress(lastReportAt);
CREATE INDEX IF NOT EXISTS idx_export_history_user_date ON ExportHistory(userId, createdAt);
CREATE INDEX IF NOT EXISTS idx_export_history_status ON ExportHistory(status);
