-- SQLite cannot add a CHECK constraint to an existing table: rebuild it, following
-- https://www.sqlite.org/lang_altertable.html#otheralter. Run with x-no-tx-wrap=true: the
-- foreign_keys pragma does nothing inside a transaction.
PRAGMA foreign_keys = OFF;

BEGIN TRANSACTION;

-- the view reads bookmarks: RENAME would refuse to run while it points at a dropped table
DROP VIEW bookmarks_with_tags;

CREATE TABLE bookmarks_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    folder_id  INTEGER REFERENCES folders (id) ON DELETE SET NULL,
    url        TEXT    NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
    title      TEXT    NOT NULL DEFAULT '',
    notes      TEXT,
    archived   INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

INSERT INTO bookmarks_new (id, folder_id, url, title, notes, created_at, updated_at)
SELECT id, folder_id, url, title, notes, created_at, updated_at
FROM bookmarks;

DROP TABLE bookmarks;

ALTER TABLE bookmarks_new RENAME TO bookmarks;

-- indexes and triggers went with the old table
CREATE UNIQUE INDEX bookmarks_url ON bookmarks (url);
CREATE INDEX bookmarks_archived ON bookmarks (archived) WHERE archived = 1;

CREATE TRIGGER bookmarks_touch
AFTER UPDATE OF url, title, notes, folder_id, archived ON bookmarks
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
WHERE b.archived = 0
GROUP BY b.id;

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;
