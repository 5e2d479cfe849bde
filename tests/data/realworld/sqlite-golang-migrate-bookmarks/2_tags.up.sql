CREATE TABLE tags (
    name TEXT PRIMARY KEY COLLATE NOCASE
) WITHOUT ROWID;

CREATE TABLE bookmark_tags (
    bookmark_id INTEGER NOT NULL REFERENCES bookmarks (id) ON DELETE CASCADE,
    tag         TEXT    NOT NULL REFERENCES tags (name) ON UPDATE CASCADE,
    PRIMARY KEY (bookmark_id, tag)
) WITHOUT ROWID;

CREATE VIEW bookmarks_with_tags AS
SELECT b.id, b.url, b.title, group_concat(t.tag, ', ') AS tags
FROM bookmarks b
LEFT JOIN bookmark_tags t ON t.bookmark_id = b.id
GROUP BY b.id;
