-- 017 Alerts & notifications: 2 tables, 13 indexes, 6 functions (two of them triggers).
-- An alert concerns a workspace (or, with workspace_id NULL, everyone); raising one notifies
-- every member at once, by a trigger, so no alert can be raised without reaching them.
-- Notifications are private to their user. The release announces itself: one alert per
-- workspace, which the fan-out turns into a notification for each of its members.

CREATE TABLE system_alerts (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id  uuid REFERENCES workspaces (id) ON DELETE CASCADE,
    severity      text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    code          text NOT NULL,
    title         text NOT NULL,
    body          text NOT NULL DEFAULT '',
    created_by    uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    resolved_at   timestamptz,
    resolved_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT system_alerts_resolution CHECK (resolved_by IS NULL OR resolved_at IS NOT NULL)
);
CREATE INDEX system_alerts_workspace_created_idx ON system_alerts (workspace_id, created_at DESC);
CREATE INDEX system_alerts_open_idx ON system_alerts (severity, created_at DESC) WHERE resolved_at IS NULL;
CREATE INDEX system_alerts_code_idx ON system_alerts (code);
CREATE INDEX system_alerts_created_by_idx ON system_alerts (created_by) WHERE created_by IS NOT NULL;
CREATE INDEX system_alerts_resolved_by_idx ON system_alerts (resolved_by) WHERE resolved_by IS NOT NULL;

CREATE TABLE user_notifications (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    workspace_id  uuid REFERENCES workspaces (id) ON DELETE CASCADE,
    alert_id      uuid REFERENCES system_alerts (id) ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('alert', 'mention', 'assignment', 'achievement', 'digest')),
    title         text NOT NULL,
    body          text NOT NULL DEFAULT '',
    link          text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    read_at       timestamptz,
    CONSTRAINT user_notifications_alert_once UNIQUE (user_id, alert_id),
    CONSTRAINT user_notifications_alert_kind CHECK ((kind = 'alert') = (alert_id IS NOT NULL))
);
CREATE INDEX user_notifications_user_created_idx ON user_notifications (user_id, created_at DESC);
CREATE INDEX user_notifications_unread_idx ON user_notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX user_notifications_alert_idx ON user_notifications (alert_id) WHERE alert_id IS NOT NULL;
CREATE INDEX user_notifications_workspace_idx ON user_notifications (workspace_id, created_at DESC);
CREATE INDEX user_notifications_kind_idx ON user_notifications (kind, created_at DESC);

-- The fan-out (AFTER INSERT ON system_alerts). SECURITY DEFINER: whoever raises an alert
-- writes notifications for others, which their row-level security would not allow.
CREATE FUNCTION fan_out_alert() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
BEGIN
    INSERT INTO user_notifications (user_id, workspace_id, alert_id, kind, title, body)
    SELECT u.id, NEW.workspace_id, NEW.id, 'alert', NEW.title, NEW.body
      FROM users u
     WHERE NEW.workspace_id IS NULL
        OR EXISTS (SELECT FROM workspace_members m WHERE m.user_id = u.id AND m.workspace_id = NEW.workspace_id)
    ON CONFLICT ON CONSTRAINT user_notifications_alert_once DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE TRIGGER system_alerts_fan_out AFTER INSERT ON system_alerts FOR EACH ROW EXECUTE FUNCTION fan_out_alert();

-- Tells a user about an achievement they unlocked (AFTER INSERT ON user_achievements, 014).
CREATE FUNCTION notify_achievement() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
BEGIN
    INSERT INTO user_notifications (user_id, workspace_id, kind, title, body)
    SELECT NEW.user_id, NEW.workspace_id, 'achievement', 'Achievement unlocked: ' || a.name, a.description
      FROM achievements a WHERE a.id = NEW.achievement_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER user_achievements_notify AFTER INSERT ON user_achievements FOR EACH ROW EXECUTE FUNCTION notify_achievement();

CREATE FUNCTION raise_alert(p_workspace_id uuid, p_severity text, p_code text, p_title text, p_body text DEFAULT '',
                            p_created_by uuid DEFAULT NULL)
    RETURNS uuid
    LANGUAGE plpgsql
AS $$
DECLARE
    new_id uuid;
BEGIN
    INSERT INTO system_alerts (workspace_id, severity, code, title, body, created_by)
    VALUES (p_workspace_id, p_severity, p_code, p_title, coalesce(p_body, ''), p_created_by)
    RETURNING id INTO new_id;
    RETURN new_id;
END;
$$;

-- False when the alert was already resolved (or does not exist).
CREATE FUNCTION resolve_alert(p_alert_id uuid, p_resolved_by uuid) RETURNS boolean
    LANGUAGE sql
AS $$
    WITH done AS (
        UPDATE system_alerts SET resolved_at = now(), resolved_by = p_resolved_by
         WHERE id = p_alert_id AND resolved_at IS NULL
        RETURNING 1
    )
    SELECT EXISTS (SELECT FROM done)
$$;

-- Marks a user's notifications up to a time as read; returns how many it marked.
CREATE FUNCTION mark_notifications_read(p_user_id uuid, p_before timestamptz DEFAULT now()) RETURNS integer
    LANGUAGE sql
AS $$
    WITH marked AS (
        UPDATE user_notifications SET read_at = now()
         WHERE user_id = p_user_id AND read_at IS NULL AND created_at <= p_before
        RETURNING 1
    )
    SELECT count(*)::integer FROM marked
$$;

CREATE FUNCTION unread_notification_count(p_user_id uuid) RETURNS integer
    LANGUAGE sql STABLE
AS $$ SELECT count(*)::integer FROM user_notifications WHERE user_id = p_user_id AND read_at IS NULL $$;

ALTER TABLE system_alerts ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_notifications ENABLE ROW LEVEL SECURITY;
CREATE POLICY system_alerts_visible ON system_alerts FOR SELECT
    USING (workspace_id IS NULL OR workspace_id = current_workspace_id());
CREATE POLICY system_alerts_workspace_manage ON system_alerts
    USING (workspace_id = current_workspace_id());
CREATE POLICY user_notifications_own ON user_notifications
    USING (user_id = current_app_user_id());

GRANT SELECT, INSERT, UPDATE ON system_alerts, user_notifications TO migdemo_app;
GRANT EXECUTE ON FUNCTION raise_alert(uuid, text, text, text, text, uuid), resolve_alert(uuid, uuid),
    mark_notifications_read(uuid, timestamptz), unread_notification_count(uuid) TO migdemo_app;

-- The release announces itself in every workspace.
SELECT count(raise_alert(w.id, 'info', 'release-017', 'Alerts and notifications are here',
                         'Critical alerts about your campaigns and agents now reach every member of ' || w.name || '.'))
FROM workspaces w;
