CREATE TABLE visits (
    id          INTEGER PRIMARY KEY,
    bookmark_id INTEGER NOT NULL REFERENCES bookmarks (id) ON DELETE CASCADE,
    visited_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX visits_bookmark_id ON visits (bookmark_id);

ALTER TABLE bookmarks ADD COLUMN visit_count INTEGER NOT NULL DEFAULT 0;

-- backfill: one visit for every bookmark opened from the old "last opened" notes
INSERT INTO visits (bookmark_id, visited_at)
SELECT id, updated_at FROM bookmarks WHERE notes LIKE '%opened%';

UPDATE bookmarks
SET visit_count = (SELECT count(*) FROM visits v WHERE v.bookmark_id = bookmarks.id);

CREATE TRIGGER visits_count AFTER INSERT ON visits
BEGIN
    UPDATE bookmarks SET visit_count = visit_count + 1 WHERE id = NEW.bookmark_id;
END;
