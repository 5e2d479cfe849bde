PRAGMA foreign_keys = OFF;

BEGIN TRANSACTION;

DROP VIEW bookmarks_with_tags;

CREATE TABLE bookmarks_old (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    folder_id  INTEGER REFERENCES folders (id) ON DELETE SET NULL,
    url        TEXT    NOT NULL,
    title      TEXT    NOT NULL DEFAULT '',
    notes      TEXT,
    created_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

INSERT INTO bookmarks_old (id, folder_id, url, title, notes, created_at, updated_at)
SELECT id, folder_id, url, title, notes, created_at, updated_at FROM bookmarks;

DROP TABLE bookmarks;
ALTER TABLE bookmarks_old RENAME TO bookmarks;

CREATE UNIQUE INDEX bookmarks_url ON bookmarks (url);

CREATE TRIGGER bookmarks_touch
AFTER UPDATE OF url, title, notes, folder_id ON bookmarks
FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at
BEGIN
    UPDATE bookmarks SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id;
END;

CREATE TRIGGER bookmarks_fts_ai AFTER INSERT ON bookmarks BEGIN
    INSERT INTO bookmarks_fts (rowid, title, notes, url) VALUES (new.id, new.title, new.notes, new.url);
END;

CREATE TRIGGER bookmarks_fts_ad AFTER DELETE ON bookmarks BEGIN
    INSERT INTO bookmarks_fts (bookmarks_fts, rowid, title, notes, url) VALUES ('delete', old.id, old.title, old.notes, old.url);
END;

CREATE TRIGGER bookmarks_fts_au AFTER UPDATE ON bookmarks BEGIN
    INSERT INTO bookmarks_fts (bookmarks_fts, rowid, title, notes, url) VALUES ('delete', old.id, old.title, old.notes, old.url);
    INSERT INTO bookmarks_fts (rowid, title, notes, url) VALUES (new.id, new.title, new.notes, new.url);
END;

CREATE VIEW bookmarks_with_tags AS
SELECT b.id, b.url, b.title, group_concat(t.tag, ', ') AS tags
FROM bookmarks b
LEFT JOIN bookmark_tags t ON t.bookmark_id = b.id
GROUP BY b.id;

COMMIT;

PRAGMA foreign_keys = ON;
