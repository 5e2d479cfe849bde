DROP TRIGGER IF EXISTS visits_count;
ALTER TABLE bookmarks DROP COLUMN visit_count;
DROP TABLE IF EXISTS visits;
