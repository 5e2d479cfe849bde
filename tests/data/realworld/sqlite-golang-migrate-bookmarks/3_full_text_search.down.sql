DROP TRIGGER IF EXISTS bookmarks_fts_au;
DROP TRIGGER IF EXISTS bookmarks_fts_ad;
DROP TRIGGER IF EXISTS bookmarks_fts_ai;
DROP TABLE IF EXISTS bookmarks_fts;
