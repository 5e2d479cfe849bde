CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO settings (key, value) VALUES
    ('ui.theme', 'system'),
    ('import.separator', ';'),
    ('export.header', 'Bookmarks; exported by ''marks''');

-- CASE ... END inside the trigger body: its END does not end the trigger
CREATE TRIGGER settings_keep_ui_keys
BEFORE DELETE ON settings
FOR EACH ROW
BEGIN
    SELECT CASE
        WHEN OLD.key LIKE 'ui.%' THEN RAISE(ABORT, 'ui.* settings cannot be deleted; reset them instead')
    END;
END;
