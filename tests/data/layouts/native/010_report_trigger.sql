CREATE TRIGGER reports_touch AFTER UPDATE ON reports
BEGIN
  UPDATE reports SET week_start = week_start WHERE id = NEW.id;
  SELECT 1;
END;
