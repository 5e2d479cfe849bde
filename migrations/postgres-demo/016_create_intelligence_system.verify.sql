-- Verification of 016 (the seed run's query set 4). Each query lists what is wrong; it passes
-- when the list is empty, and its second column is the list (or what was measured).

-- check: intelligence_signals table
-- Also signal_score(), run here: full strength when fresh, half after 14 days, a quarter after
-- 28, never more than the strength; the full-text column generated from the title; and
-- active_signals(), run with no workspace set.
WITH problems(problem) AS (
    SELECT 'columns: ' || string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attname)
    FROM pg_attribute WHERE attrelid = 'intelligence_signals'::regclass AND attnum > 0 AND NOT attisdropped
    HAVING array_agg(attname || ' ' || format_type(atttypid, atttypmod) ORDER BY attname) <> ARRAY[
        'cohort_id uuid', 'detected_at timestamp with time zone', 'detected_by_agent uuid', 'expires_at timestamp with time zone', 'id uuid',
        'integration_id uuid', 'payload jsonb', 'search tsvector', 'signal_type text', 'source text', 'strength numeric(3,2)', 'title text',
        'workspace_id uuid']
    UNION ALL
    SELECT 'search is not generated from the title: ' || coalesce(pg_get_expr(d.adbin, d.adrelid), 'no expression')
    FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attrelid = 'intelligence_signals'::regclass AND a.attname = 'search'
      AND (a.attgenerated <> 's' OR pg_get_expr(d.adbin, d.adrelid) IS DISTINCT FROM 'to_tsvector(''english''::regconfig, title)')
    UNION ALL
    SELECT 'foreign keys: ' || coalesce(string_agg(pg_get_constraintdef(oid), ', ' ORDER BY pg_get_constraintdef(oid)), 'none')
    FROM pg_constraint WHERE conrelid = 'intelligence_signals'::regclass AND contype = 'f'
    HAVING coalesce(array_agg(pg_get_constraintdef(oid) ORDER BY pg_get_constraintdef(oid)), '{}') <> ARRAY[
        'FOREIGN KEY (cohort_id) REFERENCES cohorts(id) ON DELETE SET NULL',
        'FOREIGN KEY (detected_by_agent) REFERENCES agent_registry(id) ON DELETE SET NULL',
        'FOREIGN KEY (integration_id) REFERENCES integrations(id) ON DELETE SET NULL',
        'FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE']
    UNION ALL
    SELECT 'no GIN index on ' || c.col
    FROM (VALUES ('search'), ('payload jsonb_path_ops')) AS c (col)
    WHERE NOT EXISTS (SELECT FROM pg_indexes WHERE tablename = 'intelligence_signals' AND indexdef LIKE '%USING gin (' || c.col || ')')
    UNION ALL
    SELECT 'strength is not kept between 0 and 1'
    WHERE NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = 'intelligence_signals'::regclass AND contype = 'c'
                      AND pg_get_constraintdef(oid) LIKE '%strength >= (0)%strength <= (1)%')
    UNION ALL
    SELECT format('signal_score(0.80) fresh, after 14, 28 and -1 days: %s, %s, %s, %s', s.fresh, s.half, s.quarter, s.future)
    FROM (SELECT signal_score(0.80, t, t) AS fresh, signal_score(0.80, t, t + interval '14 days') AS half,
                 signal_score(0.80, t, t + interval '28 days') AS quarter, signal_score(0.80, t, t - interval '1 day') AS future
          FROM (VALUES (timestamptz '2024-02-07 08:00+00')) AS v (t)) AS s
    WHERE (s.fresh, s.half, s.quarter, s.future) <> (0.80, 0.40, 0.20, 0.80)
    UNION ALL
    SELECT 'row-level security is off, or no policy on current_workspace_id()'
    WHERE NOT EXISTS (SELECT FROM pg_policies p JOIN pg_class c ON c.oid = 'intelligence_signals'::regclass
                      WHERE p.schemaname = 'public' AND p.tablename = 'intelligence_signals' AND c.relrowsecurity
                        AND p.qual = '(workspace_id = current_workspace_id())')
    UNION ALL
    -- With no workspace set, the application sees no signal at all (never every workspace's).
    SELECT format('active_signals() with no workspace set returned %s signal(s)', count(*)) FROM active_signals() HAVING count(*) > 0
)
SELECT count(*) = 0,
       coalesce(string_agg(problem, '; '),
                format('ok: 13 columns, generated full-text column, 4 foreign keys, 2 GIN indexes, signal_score halves every 14 days, workspace policy; %s signal(s)',
                       (SELECT count(*) FROM intelligence_signals)))
FROM problems;

-- check: market_insights table
-- Also the guard an array of signal ids needs instead of a foreign key: a BEFORE INSERT OR
-- UPDATE trigger calling check_insight_signals().
WITH problems(problem) AS (
    SELECT 'columns: ' || string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attname)
    FROM pg_attribute WHERE attrelid = 'market_insights'::regclass AND attnum > 0 AND NOT attisdropped
    HAVING array_agg(attname || ' ' || format_type(atttypid, atttypmod) ORDER BY attname) <> ARRAY[
        'campaign_id uuid', 'confidence numeric(3,2)', 'created_at timestamp with time zone', 'created_by_agent uuid', 'id uuid',
        'signal_ids uuid[]', 'status text', 'summary text', 'title text', 'updated_at timestamp with time zone', 'workspace_id uuid']
    UNION ALL
    SELECT 'foreign keys: ' || coalesce(string_agg(pg_get_constraintdef(oid), ', ' ORDER BY pg_get_constraintdef(oid)), 'none')
    FROM pg_constraint WHERE conrelid = 'market_insights'::regclass AND contype = 'f'
    HAVING coalesce(array_agg(pg_get_constraintdef(oid) ORDER BY pg_get_constraintdef(oid)), '{}') <> ARRAY[
        'FOREIGN KEY (campaign_id) REFERENCES campaigns(id) ON DELETE SET NULL',
        'FOREIGN KEY (created_by_agent) REFERENCES agent_registry(id) ON DELETE SET NULL',
        'FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE']
    UNION ALL
    SELECT 'no BEFORE INSERT OR UPDATE trigger calling check_insight_signals()'
    WHERE NOT EXISTS (SELECT FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
                      WHERE t.tgrelid = 'market_insights'::regclass AND NOT t.tgisinternal AND p.proname = 'check_insight_signals'
                        AND pg_get_triggerdef(t.oid) LIKE '%BEFORE INSERT OR UPDATE OF signal_ids, workspace_id ON public.market_insights FOR EACH ROW%')
    UNION ALL
    SELECT 'check_insight_signals() is not a plpgsql trigger function'
    WHERE NOT EXISTS (SELECT FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
                      WHERE p.proname = 'check_insight_signals' AND p.prorettype = 'trigger'::regtype AND l.lanname = 'plpgsql')
    UNION ALL
    SELECT 'no GIN index to find the insights built on a signal'
    WHERE NOT EXISTS (SELECT FROM pg_indexes WHERE tablename = 'market_insights' AND indexdef LIKE '%USING gin (signal_ids)')
    UNION ALL
    SELECT format('%s insight(s) rest on signals that are missing or of another workspace', count(*))
    FROM market_insights i
    WHERE EXISTS (SELECT FROM unnest(i.signal_ids) AS given(id)
                  WHERE NOT EXISTS (SELECT FROM intelligence_signals s WHERE s.id = given.id AND s.workspace_id = i.workspace_id))
    HAVING count(*) > 0
    UNION ALL
    SELECT 'row-level security is off, or no policy on current_workspace_id()'
    WHERE NOT EXISTS (SELECT FROM pg_policies p JOIN pg_class c ON c.oid = 'market_insights'::regclass
                      WHERE p.schemaname = 'public' AND p.tablename = 'market_insights' AND c.relrowsecurity
                        AND p.qual = '(workspace_id = current_workspace_id())')
)
SELECT count(*) = 0,
       coalesce(string_agg(problem, '; '),
                format('ok: 11 columns, 3 foreign keys, signal guard trigger, GIN index on signal_ids, workspace policy; %s insight(s)',
                       (SELECT count(*) FROM market_insights)))
FROM problems;
