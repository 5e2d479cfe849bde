-- The learning platform's database as it stood on 27 August 2025, before the Feedback release:
-- users, their weekly progress reports and the answers in them. `migctl demo sqlite-demo`
-- creates it on an empty SQLite file and fills it with generated rows (140 students, 4 staff,
-- 560 reports over four weeks, 496 of them stored with the midnight-UTC week-start bug).
CREATE TABLE User (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('STUDENT', 'INSTRUCTOR', 'ADMIN')),
  studentCode TEXT UNIQUE,
  createdAt TEXT NOT NULL
);

-- One report per student, subject and week. Weeks start on Monday 00:00 in Argentina (UTC-3),
-- which is 03:00 UTC; until the fix of 25 August the app stored them as 00:00 UTC.
CREATE TABLE ProgressReport (
  id TEXT PRIMARY KEY,
  userId TEXT NOT NULL REFERENCES User(id),
  weekStart TEXT NOT NULL,
  weekEnd TEXT NOT NULL,
  subject TEXT NOT NULL,
  submittedAt TEXT NOT NULL,
  UNIQUE (userId, weekStart, subject)
);

CREATE INDEX idx_report_user ON ProgressReport(userId);

CREATE TABLE Answer (
  id TEXT PRIMARY KEY,
  progressReportId TEXT NOT NULL REFERENCES ProgressReport(id),
  questionId INTEGER NOT NULL,
  answer TEXT NOT NULL
);
