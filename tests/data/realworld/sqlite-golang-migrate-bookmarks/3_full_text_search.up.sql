-- External-content FTS5 index over bookmarks, kept in step by triggers
-- (the pattern from https://www.sqlite.org/fts5.html#external_content_tables).
CREATE VIRTUAL TABLE bookmarks_fts USING fts5(
    title, notes, url,
    content = 'bookmarks', content_rowid = 'id',
    tokenize = 'porter unicode61'
);

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

-- index what is already there
INSERT INTO bookmarks_fts (bookmarks_fts) VALUES ('rebuild');
