DROP TRIGGER trg_report_progress;
DROP TRIGGER trg_export_history_updated;
DROP TRIGGER trg_user_progress_updated;
DROP INDEX idx_export_history_user;
DROP TABLE ExportHistory;
DROP TABLE UserProgress;
