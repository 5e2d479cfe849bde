-- Verification of 017 (the seed run's query set 5). Each query lists what is wrong; it passes
-- when the list is empty, and its second column is the list (or what was measured). Isolation
-- is tested as the application role, through query_to_xml (see 013's verify script for why).

-- check: system_alerts table
-- Also: the release alert was raised once in every workspace, and as the application role each
-- workspace sees its own alerts (and the global ones) but none of another workspace's.
WITH problems(problem) AS (
    SELECT 'columns: ' || string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attname)
    FROM pg_attribute WHERE attrelid = 'system_alerts'::regclass AND attnum > 0 AND NOT attisdropped
    HAVING array_agg(attname || ' ' || format_type(atttypid, atttypmod) ORDER BY attname) <> ARRAY[
        'body text', 'code text', 'created_at timestamp with time zone', 'created_by uuid', 'id uuid', 'resolved_at timestamp with time zone',
        'resolved_by uuid', 'severity text', 'title text', 'workspace_id uuid']
    UNION ALL
    SELECT 'foreign keys: ' || coalesce(string_agg(pg_get_constraintdef(oid), ', ' ORDER BY pg_get_constraintdef(oid)), 'none')
    FROM pg_constraint WHERE conrelid = 'system_alerts'::regclass AND contype = 'f'
    HAVING coalesce(array_agg(pg_get_constraintdef(oid) ORDER BY pg_get_constraintdef(oid)), '{}') <> ARRAY[
        'FOREIGN KEY (created_by) REFERENCES users(id) ON DELETE SET NULL',
        'FOREIGN KEY (resolved_by) REFERENCES users(id) ON DELETE SET NULL',
        'FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE']
    UNION ALL
    SELECT 'no AFTER INSERT trigger calling fan_out_alert()'
    WHERE NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = 'system_alerts'::regclass AND NOT tgisinternal
                      AND pg_get_triggerdef(oid) LIKE '%AFTER INSERT ON public.system_alerts FOR EACH ROW EXECUTE FUNCTION fan_out_alert()')
    UNION ALL
    SELECT format('workspace %s has %s release alert(s)', w.slug, count(a.id))
    FROM workspaces w LEFT JOIN system_alerts a ON a.workspace_id = w.id AND a.code = 'release-017'
    GROUP BY w.slug HAVING count(a.id) <> 1
    UNION ALL
    SELECT format('as migdemo_app in workspace %s: %s of its %s alerts visible, %s of other workspaces'' %s',
                  w.slug, v.own, w.own_total, v.others, w.others_total)
    FROM (SELECT w.id, w.slug,
                 (SELECT count(*) FROM system_alerts a WHERE a.workspace_id = w.id OR a.workspace_id IS NULL) AS own_total,
                 (SELECT count(*) FROM system_alerts a WHERE a.workspace_id <> w.id) AS others_total
          FROM workspaces w) AS w
    CROSS JOIN LATERAL (SELECT set_config('role', 'migdemo_app', true) AS r, set_config('app.workspace_id', w.id::text, true) AS ws OFFSET 0) AS as_app
    CROSS JOIN LATERAL (SELECT query_to_xml(format('SELECT count(*) FILTER (WHERE workspace_id = %L OR workspace_id IS NULL) AS own, count(*) FILTER (WHERE workspace_id <> %L) AS others FROM system_alerts', w.id, w.id),
                                            false, true, '') AS x
                        WHERE as_app.ws IS NOT NULL OFFSET 0) AS seen
    CROSS JOIN LATERAL (SELECT (xpath('/row/own/text()', seen.x))[1]::text::int AS own, (xpath('/row/others/text()', seen.x))[1]::text::int AS others,
                               set_config('role', 'none', true) AS back OFFSET 0) AS v
    WHERE NOT (v.own = w.own_total AND v.others = 0 AND w.others_total > 0)
)
SELECT count(*) = 0,
       coalesce(string_agg(problem, '; '),
                format('ok: 10 columns, 3 foreign keys, fan-out trigger, release alert in each of %s workspaces, each sees only its own as migdemo_app',
                       (SELECT count(*) FROM workspaces)))
FROM problems;

-- check: user_notifications table
-- Also: the fan-out reached every member of each workspace once, unread_notification_count()
-- (run here) agrees with the rows, and as the application role a user sees only their own.
WITH problems(problem) AS (
    SELECT 'columns: ' || string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attname)
    FROM pg_attribute WHERE attrelid = 'user_notifications'::regclass AND attnum > 0 AND NOT attisdropped
    HAVING array_agg(attname || ' ' || format_type(atttypid, atttypmod) ORDER BY attname) <> ARRAY[
        'alert_id uuid', 'body text', 'created_at timestamp with time zone', 'id uuid', 'kind text', 'link text',
        'read_at timestamp with time zone', 'title text', 'user_id uuid', 'workspace_id uuid']
    UNION ALL
    SELECT 'foreign keys: ' || coalesce(string_agg(pg_get_constraintdef(oid), ', ' ORDER BY pg_get_constraintdef(oid)), 'none')
    FROM pg_constraint WHERE conrelid = 'user_notifications'::regclass AND contype = 'f'
    HAVING coalesce(array_agg(pg_get_constraintdef(oid) ORDER BY pg_get_constraintdef(oid)), '{}') <> ARRAY[
        'FOREIGN KEY (alert_id) REFERENCES system_alerts(id) ON DELETE CASCADE',
        'FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE',
        'FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE']
    UNION ALL
    SELECT 'a user can be notified of an alert twice'
    WHERE NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = 'user_notifications'::regclass AND contype = 'u'
                      AND pg_get_constraintdef(oid) = 'UNIQUE (user_id, alert_id)')
    UNION ALL
    SELECT format('%s member(s) were not notified of their workspace''s release alert, %s notification(s) went to non-members',
                  count(*) FILTER (WHERE n.id IS NULL), (SELECT count(*) FROM user_notifications n2 JOIN system_alerts a2 ON a2.id = n2.alert_id
                                                         WHERE NOT EXISTS (SELECT FROM workspace_members m2 WHERE m2.user_id = n2.user_id AND m2.workspace_id = a2.workspace_id)))
    FROM workspace_members m
    JOIN system_alerts a ON a.workspace_id = m.workspace_id AND a.code = 'release-017'
    LEFT JOIN user_notifications n ON n.alert_id = a.id AND n.user_id = m.user_id
    HAVING count(*) FILTER (WHERE n.id IS NULL) > 0
        OR (SELECT count(*) FROM user_notifications n2 JOIN system_alerts a2 ON a2.id = n2.alert_id
            WHERE NOT EXISTS (SELECT FROM workspace_members m2 WHERE m2.user_id = n2.user_id AND m2.workspace_id = a2.workspace_id)) > 0
    UNION ALL
    SELECT format('unread_notification_count() disagrees for %s user(s)', count(*))
    FROM users u
    WHERE unread_notification_count(u.id) <> (SELECT count(*) FROM user_notifications n WHERE n.user_id = u.id AND n.read_at IS NULL)
    HAVING count(*) > 0
    UNION ALL
    SELECT format('as migdemo_app user %s: %s of their %s notifications visible, %s of other users''', v.email, v.own, v.own_total, v.others)
    FROM (SELECT u.id, u.email, (SELECT count(*) FROM user_notifications n WHERE n.user_id = u.id) AS own_total FROM users u) AS u
    CROSS JOIN LATERAL (SELECT set_config('role', 'migdemo_app', true) AS r, set_config('app.user_id', u.id::text, true) AS usr OFFSET 0) AS as_app
    CROSS JOIN LATERAL (SELECT query_to_xml(format('SELECT count(*) FILTER (WHERE user_id = %L) AS own, count(*) FILTER (WHERE user_id <> %L) AS others FROM user_notifications', u.id, u.id),
                                            false, true, '') AS x
                        WHERE as_app.usr IS NOT NULL OFFSET 0) AS seen
    CROSS JOIN LATERAL (SELECT u.email, u.own_total, (xpath('/row/own/text()', seen.x))[1]::text::int AS own, (xpath('/row/others/text()', seen.x))[1]::text::int AS others,
                               set_config('role', 'none', true) AS back OFFSET 0) AS v
    WHERE NOT (v.own = v.own_total AND v.others = 0)
    UNION ALL
    SELECT 'fewer than two users with notifications: isolation not shown'
    WHERE (SELECT count(DISTINCT user_id) FROM user_notifications) < 2
)
SELECT count(*) = 0,
       coalesce(string_agg(problem, '; '),
                format('ok: 10 columns, 3 foreign keys, one notification per member and alert (%s), unread counts agree, each of %s users sees only their own as migdemo_app',
                       (SELECT count(*) FROM user_notifications), (SELECT count(DISTINCT user_id) FROM user_notifications)))
FROM problems;
