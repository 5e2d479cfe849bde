-- Verification of 015 (the seed run's query set 3). Each query lists what is wrong; it passes
-- when the list is empty, and its second column is the list (or what was measured).
-- Assignments and performance are empty right after the release, so their isolation is
-- checked by definition here; the demo's test runs finish_agent_assignment() for real.

-- check: agent_registry table
WITH problems(problem) AS (
    SELECT 'columns: ' || string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attname)
    FROM pg_attribute WHERE attrelid = 'agent_registry'::regclass AND attnum > 0 AND NOT attisdropped
    HAVING array_agg(attname || ' ' || format_type(atttypid, atttypmod) ORDER BY attname) <> ARRAY[
        'config jsonb', 'created_at timestamp with time zone', 'description text', 'id uuid', 'is_active boolean', 'key text',
        'kind text', 'name text', 'updated_at timestamp with time zone', 'version text']
    UNION ALL
    SELECT 'agent keys are not unique'
    WHERE NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = 'agent_registry'::regclass AND contype = 'u' AND pg_get_constraintdef(oid) = 'UNIQUE (key)')
    UNION ALL
    SELECT format('registry: %s agents, %s active, %s without a capability', count(*), count(*) FILTER (WHERE is_active),
                  count(*) FILTER (WHERE NOT EXISTS (SELECT FROM agent_capabilities c WHERE c.agent_id = r.id)))
    FROM agent_registry r
    HAVING count(*) <> 6 OR count(*) FILTER (WHERE is_active) <> 6
        OR count(*) FILTER (WHERE NOT EXISTS (SELECT FROM agent_capabilities c WHERE c.agent_id = r.id)) > 0
    UNION ALL
    SELECT 'no BEFORE UPDATE trigger calling set_updated_at()'
    WHERE NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = 'agent_registry'::regclass AND NOT tgisinternal
                      AND pg_get_triggerdef(oid) LIKE '%BEFORE UPDATE ON public.agent_registry FOR EACH ROW EXECUTE FUNCTION set_updated_at()')
    UNION ALL
    SELECT 'migdemo_app cannot read the registry' WHERE NOT has_table_privilege('migdemo_app', 'agent_registry', 'SELECT')
    UNION ALL
    SELECT 'migdemo_app may change the registry' WHERE has_table_privilege('migdemo_app', 'agent_registry', 'INSERT, UPDATE, DELETE')
)
SELECT count(*) = 0,
       coalesce(string_agg(problem, '; '),
                format('ok: 10 columns, unique keys, %s active agents (%s), read-only for migdemo_app',
                       (SELECT count(*) FROM agent_registry), (SELECT string_agg(key, ', ' ORDER BY key) FROM agent_registry)))
FROM problems;

-- check: agent_capabilities table
WITH problems(problem) AS (
    SELECT 'columns: ' || string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attname)
    FROM pg_attribute WHERE attrelid = 'agent_capabilities'::regclass AND attnum > 0 AND NOT attisdropped
    HAVING array_agg(attname || ' ' || format_type(atttypid, atttypmod) ORDER BY attname) <> ARRAY[
        'agent_id uuid', 'capability text', 'id uuid', 'max_input_tokens integer']
    UNION ALL
    SELECT 'foreign keys: ' || coalesce(string_agg(pg_get_constraintdef(oid), ', '), 'none')
    FROM pg_constraint WHERE conrelid = 'agent_capabilities'::regclass AND contype = 'f'
    HAVING coalesce(array_agg(pg_get_constraintdef(oid)), '{}') <> ARRAY['FOREIGN KEY (agent_id) REFERENCES agent_registry(id) ON DELETE CASCADE']
    UNION ALL
    SELECT 'a capability can be listed twice for an agent'
    WHERE NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = 'agent_capabilities'::regclass AND contype = 'u'
                      AND pg_get_constraintdef(oid) = 'UNIQUE (agent_id, capability)')
    UNION ALL
    SELECT 'no index to find agents by capability'
    WHERE NOT EXISTS (SELECT FROM pg_indexes WHERE tablename = 'agent_capabilities' AND indexdef LIKE '%USING btree (capability)')
    UNION ALL
    SELECT format('%s capabilities, %s with a token limit <= 0', count(*), count(*) FILTER (WHERE max_input_tokens <= 0))
    FROM agent_capabilities HAVING count(*) <> 13 OR count(*) FILTER (WHERE max_input_tokens <= 0) > 0
)
SELECT count(*) = 0,
       coalesce(string_agg(problem, '; '),
                format('ok: 4 columns, cascades from agent_registry, %s capabilities, %s of them shared by several agents',
                       (SELECT count(*) FROM agent_capabilities),
                       (SELECT count(*) FROM (SELECT capability FROM agent_capabilities GROUP BY capability HAVING count(*) > 1) AS shared)))
FROM problems;

-- check: agent_assignments table
WITH problems(problem) AS (
    SELECT 'columns: ' || string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attname)
    FROM pg_attribute WHERE attrelid = 'agent_assignments'::regclass AND attnum > 0 AND NOT attisdropped
    HAVING array_agg(attname || ' ' || format_type(atttypid, atttypmod) ORDER BY attname) <> ARRAY[
        'agent_id uuid', 'assigned_at timestamp with time zone', 'assigned_by uuid', 'campaign_id uuid', 'duration_ms integer', 'error text',
        'finished_at timestamp with time zone', 'id uuid', 'move_id uuid', 'status text', 'tokens_used integer', 'workspace_id uuid']
    UNION ALL
    SELECT 'foreign keys: ' || coalesce(string_agg(pg_get_constraintdef(oid), ', ' ORDER BY pg_get_constraintdef(oid)), 'none')
    FROM pg_constraint WHERE conrelid = 'agent_assignments'::regclass AND contype = 'f'
    HAVING coalesce(array_agg(pg_get_constraintdef(oid) ORDER BY pg_get_constraintdef(oid)), '{}') <> ARRAY[
        'FOREIGN KEY (agent_id) REFERENCES agent_registry(id) ON DELETE RESTRICT',
        'FOREIGN KEY (assigned_by) REFERENCES users(id) ON DELETE SET NULL',
        'FOREIGN KEY (campaign_id) REFERENCES campaigns(id) ON DELETE SET NULL',
        'FOREIGN KEY (move_id) REFERENCES moves(id) ON DELETE SET NULL',
        'FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE']
    UNION ALL
    SELECT 'missing check: ' || c.name
    FROM (VALUES ('agent_assignments_target'), ('agent_assignments_finished')) AS c (name)
    WHERE NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = 'agent_assignments'::regclass AND contype = 'c' AND conname = c.name)
    UNION ALL
    SELECT 'no partial index for the queue of open assignments'
    WHERE NOT EXISTS (SELECT FROM pg_indexes WHERE tablename = 'agent_assignments' AND indexname = 'agent_assignments_open_idx'
                      AND indexdef LIKE '% WHERE (finished_at IS NULL)')
    UNION ALL
    SELECT 'row-level security is off, or no policy on current_workspace_id()'
    WHERE NOT EXISTS (SELECT FROM pg_policies p JOIN pg_class c ON c.oid = 'agent_assignments'::regclass
                      WHERE p.schemaname = 'public' AND p.tablename = 'agent_assignments' AND c.relrowsecurity
                        AND p.cmd = 'ALL' AND p.qual = '(workspace_id = current_workspace_id())')
    UNION ALL
    SELECT 'migdemo_app cannot queue or update assignments' WHERE NOT has_table_privilege('migdemo_app', 'agent_assignments', 'SELECT, INSERT, UPDATE')
)
SELECT count(*) = 0,
       coalesce(string_agg(problem, '; '),
                format('ok: 12 columns, 5 foreign keys, target and completion checks, queue index, workspace policy; %s assignment(s)',
                       (SELECT count(*) FROM agent_assignments)))
FROM problems;

-- check: agent_performance table
-- Also the stored procedure that fills it: a procedure (CALL), in plpgsql, that the
-- application role may run.
WITH problems(problem) AS (
    SELECT 'columns: ' || string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attname)
    FROM pg_attribute WHERE attrelid = 'agent_performance'::regclass AND attnum > 0 AND NOT attisdropped
    HAVING array_agg(attname || ' ' || format_type(atttypid, atttypmod) ORDER BY attname) <> ARRAY[
        'agent_id uuid', 'day date', 'failed integer', 'runs integer', 'succeeded integer', 'tokens_used bigint',
        'total_duration_ms bigint', 'workspace_id uuid']
    UNION ALL
    SELECT 'primary key: ' || coalesce((SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'agent_performance'::regclass AND contype = 'p'), 'none')
    WHERE (SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'agent_performance'::regclass AND contype = 'p')
          IS DISTINCT FROM 'PRIMARY KEY (agent_id, workspace_id, day)'
    UNION ALL
    SELECT 'foreign keys: ' || coalesce(string_agg(pg_get_constraintdef(oid), ', ' ORDER BY pg_get_constraintdef(oid)), 'none')
    FROM pg_constraint WHERE conrelid = 'agent_performance'::regclass AND contype = 'f'
    HAVING coalesce(array_agg(pg_get_constraintdef(oid) ORDER BY pg_get_constraintdef(oid)), '{}') <> ARRAY[
        'FOREIGN KEY (agent_id) REFERENCES agent_registry(id) ON DELETE CASCADE',
        'FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE']
    UNION ALL
    SELECT 'no check that successes and failures add up to at most the runs'
    WHERE NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = 'agent_performance'::regclass AND conname = 'agent_performance_counts'
                      AND pg_get_constraintdef(oid) LIKE '%(succeeded + failed) <= runs%')
    UNION ALL
    SELECT 'row-level security is off, or no policy on current_workspace_id()'
    WHERE NOT EXISTS (SELECT FROM pg_policies p JOIN pg_class c ON c.oid = 'agent_performance'::regclass
                      WHERE p.schemaname = 'public' AND p.tablename = 'agent_performance' AND c.relrowsecurity
                        AND p.qual = '(workspace_id = current_workspace_id())')
    UNION ALL
    SELECT 'finish_agent_assignment: ' || coalesce(string_agg(format('%s %s(%s) in %s', CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
                                                                     p.proname, pg_get_function_identity_arguments(p.oid), l.lanname), ' | '), 'missing')
    FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
    WHERE p.proname = 'finish_agent_assignment' AND p.pronamespace = 'public'::regnamespace
    HAVING count(*) <> 1 OR min(p.prokind) <> 'p' OR min(l.lanname) <> 'plpgsql'
        OR min(pg_get_function_identity_arguments(p.oid)) <> 'IN p_assignment_id uuid, IN p_succeeded boolean, IN p_duration_ms integer, IN p_tokens_used integer, IN p_error text'
    UNION ALL
    SELECT 'migdemo_app may not call finish_agent_assignment'
    WHERE NOT has_function_privilege('migdemo_app', to_regprocedure('finish_agent_assignment(uuid, boolean, integer, integer, text)'), 'EXECUTE')
)
SELECT count(*) = 0,
       coalesce(string_agg(problem, '; '),
                format('ok: 8 columns, key (agent, workspace, day), 2 foreign keys, count check, workspace policy, procedure finish_agent_assignment; %s day row(s)',
                       (SELECT count(*) FROM agent_performance)))
FROM problems;
