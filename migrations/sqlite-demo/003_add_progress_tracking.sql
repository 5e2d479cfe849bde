-- Per-student progress (kept up to date by a trigger on new reports) and an audit trail of
-- data exports, with their initial data from the reports already sent.
CREATE TABLE UserProgress (
  id TEXT PRIMARY KEY,
  userId TEXT NOT NULL UNIQUE REFERENCES User(id) ON DELETE CASCADE,
  reportsSubmitted INTEGER NOT NULL DEFAULT 0 CHECK (reportsSubmitted >= 0),
  subjects INTEGER NOT NULL DEFAULT 0,
  firstReportAt TEXT,
  lastReportAt TEXT,
  currentStreakWeeks INTEGER NOT NULL DEFAULT 0,
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL
);

CREATE TABLE ExportHistory (
  id TEXT PRIMARY KEY,
  userId TEXT NOT NULL REFERENCES User(id) ON DELETE CASCADE,
  format TEXT NOT NULL CHECK (format IN ('csv', 'json', 'pdf')),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  rowsExported INTEGER,
  errorMessage TEXT,
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL
);

CREATE INDEX idx_export_history_user ON ExportHistory(userId);

-- updatedAt is the database's business, not each caller's.
CREATE TRIGGER trg_user_progress_updated AFTER UPDATE ON UserProgress
WHEN NEW.updatedAt = OLD.updatedAt
BEGIN
  UPDATE UserProgress SET updatedAt = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id;
END;

CREATE TRIGGER trg_export_history_updated AFTER UPDATE ON ExportHistory
WHEN NEW.updatedAt = OLD.updatedAt
BEGIN
  UPDATE ExportHistory SET updatedAt = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id;
END;

-- A new report counts at once in its author's progress.
CREATE TRIGGER trg_report_progress AFTER INSERT ON ProgressReport
BEGIN
  INSERT INTO UserProgress (id, userId, reportsSubmitted, subjects, firstReportAt, lastReportAt, createdAt, updatedAt)
  VALUES ('prog-' || NEW.userId, NEW.userId, 1, 1, NEW.submittedAt, NEW.submittedAt, NEW.submittedAt, NEW.submittedAt)
  ON CONFLICT (userId) DO UPDATE SET
    reportsSubmitted = reportsSubmitted + 1,
    subjects = (SELECT COUNT(DISTINCT subject) FROM ProgressReport WHERE userId = NEW.userId),
    lastReportAt = max(lastReportAt, NEW.submittedAt);
END;

-- Initial data: every student who sent a report. The streak is the number of distinct weeks.
INSERT INTO UserProgress (id, userId, reportsSubmitted, subjects, firstReportAt, lastReportAt,
                          currentStreakWeeks, createdAt, updatedAt)
SELECT 'prog-' || userId, userId, COUNT(*), COUNT(DISTINCT subject), MIN(submittedAt), MAX(submittedAt),
       COUNT(DISTINCT substr(weekStart, 1, 10)), MAX(submittedAt), MAX(submittedAt)
  FROM ProgressReport
 GROUP BY userId;
