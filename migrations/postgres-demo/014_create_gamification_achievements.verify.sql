-- Verification of 014 (the seed run's query set 2). Each query lists what is wrong; it passes
-- when the list is empty, and its second column is the list (or what was measured). Isolation
-- is tested as the application role, through query_to_xml (see 013's verify script for why).

-- check: achievements table
WITH problems(problem) AS (
    SELECT 'columns: ' || string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attname)
    FROM pg_attribute WHERE attrelid = 'achievements'::regclass AND attnum > 0 AND NOT attisdropped
    HAVING array_agg(attname || ' ' || format_type(atttypid, atttypmod) ORDER BY attname) <> ARRAY[
        'category text', 'code text', 'created_at timestamp with time zone', 'description text', 'id uuid', 'is_active boolean',
        'name text', 'points integer', 'updated_at timestamp with time zone', 'workspace_id uuid']
    UNION ALL
    SELECT 'foreign keys: ' || coalesce(string_agg(pg_get_constraintdef(oid), ', '), 'none')
    FROM pg_constraint WHERE conrelid = 'achievements'::regclass AND contype = 'f'
    HAVING coalesce(array_agg(pg_get_constraintdef(oid)), '{}') <> ARRAY['FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE']
    UNION ALL
    SELECT 'codes are not unique per workspace (NULLS NOT DISTINCT)'
    WHERE NOT EXISTS (SELECT FROM pg_index i WHERE i.indrelid = 'achievements'::regclass AND i.indisunique AND i.indnullsnotdistinct
                      AND pg_get_indexdef(i.indexrelid) LIKE '%(workspace_id, code) NULLS NOT DISTINCT')
    UNION ALL
    SELECT format('catalog: %s global achievements, %s with points <= 0', count(*), count(*) FILTER (WHERE points <= 0))
    FROM achievements WHERE workspace_id IS NULL
    HAVING count(*) <> 8 OR count(*) FILTER (WHERE points <= 0) > 0
    UNION ALL
    SELECT 'row-level security is off' FROM pg_class WHERE oid = 'achievements'::regclass AND NOT relrowsecurity
    UNION ALL
    -- Every workspace sees the global catalog and its own achievements, nothing of the others'.
    SELECT format('as migdemo_app in workspace %s: %s visible, expected %s', w.slug, v.visible, w.expected)
    FROM (SELECT w.id, w.slug, (SELECT count(*) FROM achievements a WHERE a.workspace_id IS NULL OR a.workspace_id = w.id) AS expected
          FROM workspaces w) AS w
    CROSS JOIN LATERAL (SELECT set_config('role', 'migdemo_app', true) AS r, set_config('app.workspace_id', w.id::text, true) AS ws OFFSET 0) AS as_app
    CROSS JOIN LATERAL (SELECT query_to_xml('SELECT count(*) AS n FROM achievements', false, true, '') AS x WHERE as_app.ws IS NOT NULL OFFSET 0) AS seen
    CROSS JOIN LATERAL (SELECT (xpath('/row/n/text()', seen.x))[1]::text::int AS visible, set_config('role', 'none', true) AS back OFFSET 0) AS v
    WHERE v.visible <> w.expected
)
SELECT count(*) = 0,
       coalesce(string_agg(problem, '; '),
                format('ok: 10 columns, %s achievements in the catalog, each workspace sees the catalog and its own', (SELECT count(*) FROM achievements)))
FROM problems;

-- check: user_achievements table
-- Also: the achievements existing users had earned were awarded (every move owner has
-- "first-move" in the move's workspace), and as the application role a user sees only their own.
WITH problems(problem) AS (
    SELECT 'columns: ' || string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attname)
    FROM pg_attribute WHERE attrelid = 'user_achievements'::regclass AND attnum > 0 AND NOT attisdropped
    HAVING array_agg(attname || ' ' || format_type(atttypid, atttypmod) ORDER BY attname) <> ARRAY[
        'achievement_id uuid', 'context jsonb', 'id uuid', 'unlocked_at timestamp with time zone', 'user_id uuid', 'workspace_id uuid']
    UNION ALL
    SELECT 'foreign keys: ' || coalesce(string_agg(pg_get_constraintdef(oid), ', ' ORDER BY pg_get_constraintdef(oid)), 'none')
    FROM pg_constraint WHERE conrelid = 'user_achievements'::regclass AND contype = 'f'
    HAVING coalesce(array_agg(pg_get_constraintdef(oid) ORDER BY pg_get_constraintdef(oid)), '{}') <> ARRAY[
        'FOREIGN KEY (achievement_id) REFERENCES achievements(id) ON DELETE CASCADE',
        'FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE',
        'FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE']
    UNION ALL
    SELECT 'an achievement can be unlocked twice (no unique (user_id, achievement_id, workspace_id))'
    WHERE NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = 'user_achievements'::regclass AND contype = 'u'
                      AND pg_get_constraintdef(oid) = 'UNIQUE (user_id, achievement_id, workspace_id)')
    UNION ALL
    SELECT 'no AFTER INSERT OR DELETE trigger calling apply_achievement_stats()'
    WHERE NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = 'user_achievements'::regclass AND NOT tgisinternal
                      AND pg_get_triggerdef(oid) LIKE '%AFTER INSERT OR DELETE ON public.user_achievements FOR EACH ROW EXECUTE FUNCTION apply_achievement_stats()')
    UNION ALL
    SELECT format('%s move owner(s) without "first-move" in the move''s workspace', count(*))
    FROM (SELECT DISTINCT owner_id, workspace_id FROM moves WHERE owner_id IS NOT NULL) AS o
    WHERE NOT EXISTS (SELECT FROM user_achievements ua JOIN achievements a ON a.id = ua.achievement_id
                      WHERE ua.user_id = o.owner_id AND ua.workspace_id = o.workspace_id AND a.code = 'first-move')
    HAVING count(*) > 0
    UNION ALL
    SELECT format('as migdemo_app user %s: %s of their %s unlocks visible, %s of other users''', v.email, v.own, v.own_total, v.others)
    FROM (SELECT u.id, u.email, (SELECT count(*) FROM user_achievements ua WHERE ua.user_id = u.id) AS own_total
          FROM users u WHERE EXISTS (SELECT FROM user_achievements ua WHERE ua.user_id = u.id)) AS u
    CROSS JOIN LATERAL (SELECT set_config('role', 'migdemo_app', true) AS r, set_config('app.user_id', u.id::text, true) AS usr OFFSET 0) AS as_app
    CROSS JOIN LATERAL (SELECT query_to_xml(format('SELECT count(*) FILTER (WHERE user_id = %L) AS own, count(*) FILTER (WHERE user_id <> %L) AS others FROM user_achievements', u.id, u.id),
                                            false, true, '') AS x
                        WHERE as_app.usr IS NOT NULL OFFSET 0) AS seen
    CROSS JOIN LATERAL (SELECT u.email, u.own_total, (xpath('/row/own/text()', seen.x))[1]::text::int AS own, (xpath('/row/others/text()', seen.x))[1]::text::int AS others,
                               set_config('role', 'none', true) AS back OFFSET 0) AS v
    WHERE NOT (v.own = v.own_total AND v.others = 0)
    UNION ALL
    SELECT 'fewer than two users with achievements: isolation not shown'
    WHERE (SELECT count(DISTINCT user_id) FROM user_achievements) < 2
)
SELECT count(*) = 0,
       coalesce(string_agg(problem, '; '),
                format('ok: 6 columns, 3 foreign keys, stats trigger, %s achievements awarded to %s users, each sees only their own as migdemo_app',
                       (SELECT count(*) FROM user_achievements), (SELECT count(DISTINCT user_id) FROM user_achievements)))
FROM problems;

-- check: user_stats table
-- One row per user, and each row what the trigger must have made it: the user's points and
-- unlocks summed from user_achievements, and the level those points give.
WITH problems(problem) AS (
    SELECT 'columns: ' || string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attname)
    FROM pg_attribute WHERE attrelid = 'user_stats'::regclass AND attnum > 0 AND NOT attisdropped
    HAVING array_agg(attname || ' ' || format_type(atttypid, atttypmod) ORDER BY attname) <> ARRAY[
        'achievements_unlocked integer', 'last_unlocked_at timestamp with time zone', 'level smallint', 'total_points integer',
        'updated_at timestamp with time zone', 'user_id uuid']
    UNION ALL
    SELECT 'foreign keys: ' || coalesce(string_agg(pg_get_constraintdef(oid), ', '), 'none')
    FROM pg_constraint WHERE conrelid = 'user_stats'::regclass AND contype = 'f'
    HAVING coalesce(array_agg(pg_get_constraintdef(oid)), '{}') <> ARRAY['FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE']
    UNION ALL
    SELECT format('%s users without a stats row', count(*)) FROM users u
    WHERE NOT EXISTS (SELECT FROM user_stats s WHERE s.user_id = u.id) HAVING count(*) > 0
    UNION ALL
    SELECT format('%s stats rows disagree with user_achievements, e.g. %s', count(*), min(u.email))
    FROM user_stats s
    JOIN users u ON u.id = s.user_id
    LEFT JOIN (SELECT ua.user_id, sum(a.points)::integer AS points, count(*)::integer AS unlocked
               FROM user_achievements ua JOIN achievements a ON a.id = ua.achievement_id GROUP BY ua.user_id) AS e ON e.user_id = s.user_id
    WHERE s.total_points <> coalesce(e.points, 0) OR s.achievements_unlocked <> coalesce(e.unlocked, 0)
       OR s.level <> level_for_points(s.total_points)
    HAVING count(*) > 0
    UNION ALL
    SELECT 'nobody has points: the stats trigger did not run' WHERE NOT EXISTS (SELECT FROM user_stats WHERE total_points > 0)
    UNION ALL
    SELECT 'the application role may write user_stats' WHERE has_table_privilege('migdemo_app', 'user_stats', 'INSERT, UPDATE, DELETE')
    UNION ALL
    SELECT 'row-level security is off, or no policy on current_app_user_id()'
    WHERE NOT EXISTS (SELECT FROM pg_policies p JOIN pg_class c ON c.relname = p.tablename AND c.relnamespace = 'public'::regnamespace
                      WHERE p.schemaname = 'public' AND p.tablename = 'user_stats' AND c.relrowsecurity
                        AND p.qual = '(user_id = current_app_user_id())')
)
SELECT count(*) = 0,
       coalesce(string_agg(problem, '; '),
                format('ok: %s users, %s points in all, top level %s; every row matches user_achievements',
                       (SELECT count(*) FROM user_stats), (SELECT sum(total_points) FROM user_stats), (SELECT max(level) FROM user_stats)))
FROM problems;

-- check: unlock_achievement function
-- Its signature and language, the level curve it uses, and what it does when called again for
-- every achievement already unlocked: answer false without writing (it runs here, read-only).
WITH problems(problem) AS (
    SELECT 'signature: ' || coalesce(string_agg(format('%s(%s) returns %s, %s', p.proname, pg_get_function_arguments(p.oid), pg_get_function_result(p.oid), l.lanname), ' | '), 'missing')
    FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
    WHERE p.proname = 'unlock_achievement' AND p.pronamespace = 'public'::regnamespace
    HAVING count(*) <> 1
        OR min(pg_get_function_arguments(p.oid)) <> 'p_user_id uuid, p_workspace_id uuid, p_code text, p_context jsonb DEFAULT ''{}''::jsonb'
        OR min(pg_get_function_result(p.oid)) <> 'boolean' OR min(l.lanname) <> 'plpgsql'
    UNION ALL
    SELECT 'level_for_points(0, 49, 50, 199, 200, 450) = ' || array_to_string(ARRAY[level_for_points(0), level_for_points(49), level_for_points(50),
                                                                                  level_for_points(199), level_for_points(200), level_for_points(450)], ', ')
    WHERE ARRAY[level_for_points(0), level_for_points(49), level_for_points(50), level_for_points(199), level_for_points(200), level_for_points(450)]
          <> ARRAY[1, 1, 2, 2, 3, 4]::smallint[]
    UNION ALL
    SELECT format('%s of %s repeated unlocks answered true', r.answered_true, r.tried)
    FROM (SELECT count(*) FILTER (WHERE unlock_achievement(ua.user_id, ua.workspace_id, a.code)) AS answered_true, count(*) AS tried
          FROM user_achievements ua JOIN achievements a ON a.id = ua.achievement_id) AS r
    WHERE r.tried = 0 OR r.answered_true > 0
)
SELECT count(*) = 0,
       coalesce(string_agg(problem, '; '),
                format('ok: plpgsql, (uuid, uuid, text, jsonb) -> boolean; %s repeated unlocks answered false', (SELECT count(*) FROM user_achievements)))
FROM problems;
