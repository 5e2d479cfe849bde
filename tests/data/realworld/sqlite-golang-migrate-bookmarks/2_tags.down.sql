DROP VIEW IF EXISTS bookmarks_with_tags;
DROP TABLE IF EXISTS bookmark_tags;
DROP TABLE IF EXISTS tags;
