DROP TRIGGER IF EXISTS settings_keep_ui_keys;
DROP TABLE IF EXISTS settings;
