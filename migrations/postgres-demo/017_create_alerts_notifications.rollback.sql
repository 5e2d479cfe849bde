-- Undoes 017: the trigger it added to 014's user_achievements, the tables (the fan-out trigger
-- goes with system_alerts), then the functions.
DROP TRIGGER user_achievements_notify ON user_achievements;
DROP TABLE user_notifications;
DROP TABLE system_alerts;
DROP FUNCTION unread_notification_count(uuid);
DROP FUNCTION mark_notifications_read(uuid, timestamptz);
DROP FUNCTION resolve_alert(uuid, uuid);
DROP FUNCTION raise_alert(uuid, text, text, text, text, uuid);
DROP FUNCTION notify_achievement();
DROP FUNCTION fan_out_alert();
