-- Instructor feedback on weekly reports: 13 columns, 2 foreign keys, 4 indexes.
CREATE TABLE IF NOT EXISTS Feedback (
  id TEXT PRIMARY KEY,
  studentId TEXT NOT NULL,
  progressReportId TEXT,
  weekStart TEXT NOT NULL,
  subject TEXT NOT NULL,
  score INTEGER,
  generalComments TEXT,
  strengths TEXT,
  improvements TEXT,
  aiAnalysis TEXT,
  createdBy TEXT NOT NULL,
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL,
  FOREIGN KEY (progressReportId) REFERENCES ProgressReport(id),
  FOREIGN KEY (createdBy) REFERENCES User(id)
);

CREATE INDEX idx_feedback_student_week ON Feedback(studentId, weekStart);
CREATE INDEX idx_feedback_report ON Feedback(progressReportId);
CREATE INDEX idx_feedback_created_by ON Feedback(createdBy);
CREATE INDEX idx_feedback_student_subject ON Feedback(studentId, subject);
