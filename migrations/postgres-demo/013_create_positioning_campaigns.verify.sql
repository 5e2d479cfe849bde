-- Verification of 013 (the seed run's query set 1). Each query lists what is wrong; it passes
-- when the list is empty, and its second column is the list (or what was measured).
-- Row-level security is tested for real: the query switches to the application role
-- (set_config('role', ...), undone at the end of the query) and runs its reads through
-- query_to_xml, which plans them as that role; direct reads would be planned as the owner,
-- whom row-level security does not apply to. Verification runs read-only, so the write paths
-- (triggers on UPDATE) are exercised by the demo's test instead.

-- check: positioning table
WITH problems(problem) AS (
    SELECT 'columns: ' || string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attname)
    FROM pg_attribute WHERE attrelid = 'positioning'::regclass AND attnum > 0 AND NOT attisdropped
    HAVING array_agg(attname || ' ' || format_type(atttypid, atttypmod) ORDER BY attname) <> ARRAY[
        'approved_by uuid', 'category text', 'cohort_id uuid', 'created_at timestamp with time zone', 'differentiators text[]',
        'id uuid', 'statement text', 'status text', 'updated_at timestamp with time zone', 'workspace_id uuid']
    UNION ALL
    SELECT 'foreign keys: ' || coalesce(string_agg(pg_get_constraintdef(oid), ', ' ORDER BY pg_get_constraintdef(oid)), 'none')
    FROM pg_constraint WHERE conrelid = 'positioning'::regclass AND contype = 'f'
    HAVING coalesce(array_agg(pg_get_constraintdef(oid) ORDER BY pg_get_constraintdef(oid)), '{}') <> ARRAY[
        'FOREIGN KEY (approved_by) REFERENCES users(id) ON DELETE SET NULL',
        'FOREIGN KEY (cohort_id) REFERENCES cohorts(id) ON DELETE CASCADE',
        'FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE']
    UNION ALL
    SELECT 'no unique index on (workspace_id, cohort_id) NULLS NOT DISTINCT'
    WHERE NOT EXISTS (SELECT FROM pg_index i WHERE i.indrelid = 'positioning'::regclass AND i.indisunique AND i.indnullsnotdistinct
                      AND pg_get_indexdef(i.indexrelid) LIKE '%(workspace_id, cohort_id) NULLS NOT DISTINCT')
    UNION ALL
    SELECT 'an approved positioning needs approved_by: no such check'
    WHERE NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = 'positioning'::regclass AND conname = 'positioning_approval'
                      AND pg_get_constraintdef(oid) LIKE '%approved_by IS NOT NULL%')
    UNION ALL
    SELECT 'no BEFORE UPDATE trigger calling set_updated_at()'
    WHERE NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = 'positioning'::regclass AND NOT tgisinternal
                      AND pg_get_triggerdef(oid) LIKE '%BEFORE UPDATE ON public.positioning FOR EACH ROW EXECUTE FUNCTION set_updated_at()')
    UNION ALL
    SELECT 'row-level security is off' FROM pg_class WHERE oid = 'positioning'::regclass AND NOT relrowsecurity
    UNION ALL
    SELECT 'no policy filtering on current_workspace_id()'
    WHERE NOT EXISTS (SELECT FROM pg_policies WHERE schemaname = 'public' AND tablename = 'positioning' AND cmd = 'ALL'
                      AND qual = '(workspace_id = current_workspace_id())')
    UNION ALL
    SELECT 'migdemo_app cannot write it' WHERE NOT has_table_privilege('migdemo_app', 'positioning', 'SELECT, INSERT, UPDATE')
)
SELECT count(*) = 0,
       coalesce(string_agg(problem, '; '), 'ok: 10 columns, 3 foreign keys, one positioning per cohort, updated_at trigger, workspace policy')
FROM problems;

-- check: message_architecture table
WITH problems(problem) AS (
    SELECT 'columns: ' || string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attname)
    FROM pg_attribute WHERE attrelid = 'message_architecture'::regclass AND attnum > 0 AND NOT attisdropped
    HAVING array_agg(attname || ' ' || format_type(atttypid, atttypmod) ORDER BY attname) <> ARRAY[
        'created_at timestamp with time zone', 'headline text', 'id uuid', 'pillar text', 'position smallint',
        'positioning_id uuid', 'proof_points text[]', 'tone text', 'updated_at timestamp with time zone']
    UNION ALL
    SELECT 'foreign keys: ' || coalesce(string_agg(pg_get_constraintdef(oid), ', '), 'none')
    FROM pg_constraint WHERE conrelid = 'message_architecture'::regclass AND contype = 'f'
    HAVING coalesce(array_agg(pg_get_constraintdef(oid)), '{}') <> ARRAY['FOREIGN KEY (positioning_id) REFERENCES positioning(id) ON DELETE CASCADE']
    UNION ALL
    SELECT 'pillars are not unique per position'
    WHERE NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = 'message_architecture'::regclass AND contype = 'u'
                      AND pg_get_constraintdef(oid) = 'UNIQUE (positioning_id, "position")')
    UNION ALL
    SELECT 'no BEFORE UPDATE trigger calling set_updated_at()'
    WHERE NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = 'message_architecture'::regclass AND NOT tgisinternal
                      AND pg_get_triggerdef(oid) LIKE '%BEFORE UPDATE ON public.message_architecture FOR EACH ROW EXECUTE FUNCTION set_updated_at()')
    UNION ALL
    SELECT 'row-level security is off' FROM pg_class WHERE oid = 'message_architecture'::regclass AND NOT relrowsecurity
    UNION ALL
    SELECT 'no policy following the positioning''s workspace'
    WHERE NOT EXISTS (SELECT FROM pg_policies WHERE schemaname = 'public' AND tablename = 'message_architecture'
                      AND qual LIKE '%FROM positioning p%p.workspace_id = current_workspace_id()%')
)
SELECT count(*) = 0,
       coalesce(string_agg(problem, '; '), 'ok: 9 columns, cascades from positioning, unique position, updated_at trigger, workspace policy')
FROM problems;

-- check: campaigns table
-- Also: one campaign for each campaign label the moves had, and, as the application role, each
-- workspace sees all of its campaigns and none of another workspace's.
WITH problems(problem) AS (
    SELECT 'columns: ' || string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attname)
    FROM pg_attribute WHERE attrelid = 'campaigns'::regclass AND attnum > 0 AND NOT attisdropped
    HAVING array_agg(attname || ' ' || format_type(atttypid, atttypmod) ORDER BY attname) <> ARRAY[
        'budget_cents bigint', 'created_at timestamp with time zone', 'ends_on date', 'id uuid', 'name text', 'objective text',
        'owner_id uuid', 'positioning_id uuid', 'starts_on date', 'status text', 'updated_at timestamp with time zone', 'workspace_id uuid']
    UNION ALL
    SELECT format('%s campaigns for %s campaign labels on moves', (SELECT count(*) FROM campaigns), count(DISTINCT (workspace_id, campaign_name)))
    FROM moves WHERE campaign_name IS NOT NULL
    HAVING count(DISTINCT (workspace_id, campaign_name)) <> (SELECT count(*) FROM campaigns)
        OR count(DISTINCT (workspace_id, campaign_name)) = 0
    UNION ALL
    SELECT 'no BEFORE UPDATE trigger calling set_updated_at()'
    WHERE NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = 'campaigns'::regclass AND NOT tgisinternal
                      AND pg_get_triggerdef(oid) LIKE '%BEFORE UPDATE ON public.campaigns FOR EACH ROW EXECUTE FUNCTION set_updated_at()')
    UNION ALL
    SELECT 'row-level security is off' FROM pg_class WHERE oid = 'campaigns'::regclass AND NOT relrowsecurity
    UNION ALL
    SELECT format('as migdemo_app in workspace %s: %s of its %s campaigns visible, %s of other workspaces'' %s',
                  w.slug, v.own, w.own_total, v.others, w.others_total)
    FROM (SELECT w.id, w.slug,
                 (SELECT count(*) FROM campaigns c WHERE c.workspace_id = w.id) AS own_total,
                 (SELECT count(*) FROM campaigns c WHERE c.workspace_id <> w.id) AS others_total
          FROM workspaces w) AS w
    CROSS JOIN LATERAL (SELECT set_config('role', 'migdemo_app', true) AS r, set_config('app.workspace_id', w.id::text, true) AS ws OFFSET 0) AS as_app
    CROSS JOIN LATERAL (SELECT query_to_xml(format('SELECT count(*) FILTER (WHERE workspace_id = %L) AS own, count(*) FILTER (WHERE workspace_id <> %L) AS others FROM campaigns', w.id, w.id),
                                            false, true, '') AS x
                        WHERE as_app.ws IS NOT NULL OFFSET 0) AS seen
    CROSS JOIN LATERAL (SELECT (xpath('/row/own/text()', seen.x))[1]::text::int AS own, (xpath('/row/others/text()', seen.x))[1]::text::int AS others,
                               set_config('role', 'none', true) AS back OFFSET 0) AS v
    WHERE NOT (v.own = w.own_total AND v.others = 0)
    UNION ALL
    SELECT 'fewer than two workspaces with campaigns: isolation not shown'
    WHERE (SELECT count(DISTINCT workspace_id) FROM campaigns) < 2
)
SELECT count(*) = 0,
       coalesce(string_agg(problem, '; '),
                format('ok: 12 columns, %s campaigns from %s labels, %s workspaces each see only their own as migdemo_app',
                       (SELECT count(*) FROM campaigns), (SELECT count(DISTINCT (workspace_id, campaign_name)) FROM moves WHERE campaign_name IS NOT NULL),
                       (SELECT count(DISTINCT workspace_id) FROM campaigns)))
FROM problems;

-- check: campaign relationships
-- Campaigns point at their workspace, positioning and owner; every move that carried a
-- campaign label is linked to that campaign (and no other move is); a campaign targets the
-- cohorts of its moves.
WITH problems(problem) AS (
    SELECT 'foreign keys: ' || string_agg(conrelid::regclass || ' ' || pg_get_constraintdef(oid), ', ' ORDER BY conrelid::regclass::text, pg_get_constraintdef(oid))
    FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('campaigns'::regclass, 'campaign_moves'::regclass, 'campaign_cohorts'::regclass)
    HAVING array_agg(conrelid::regclass || ' ' || pg_get_constraintdef(oid) ORDER BY conrelid::regclass::text, pg_get_constraintdef(oid)) <> ARRAY[
        'campaign_cohorts FOREIGN KEY (campaign_id) REFERENCES campaigns(id) ON DELETE CASCADE',
        'campaign_cohorts FOREIGN KEY (cohort_id) REFERENCES cohorts(id) ON DELETE CASCADE',
        'campaign_moves FOREIGN KEY (campaign_id) REFERENCES campaigns(id) ON DELETE CASCADE',
        'campaign_moves FOREIGN KEY (move_id) REFERENCES moves(id) ON DELETE CASCADE',
        'campaigns FOREIGN KEY (owner_id) REFERENCES users(id) ON DELETE SET NULL',
        'campaigns FOREIGN KEY (positioning_id) REFERENCES positioning(id) ON DELETE SET NULL',
        'campaigns FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE']
    UNION ALL
    SELECT 'a move can be in several campaigns (no unique index on campaign_moves.move_id)'
    WHERE NOT EXISTS (SELECT FROM pg_index i WHERE i.indrelid = 'campaign_moves'::regclass AND i.indisunique
                      AND pg_get_indexdef(i.indexrelid) LIKE '%(move_id)')
    UNION ALL
    SELECT format('%s labelled moves are not linked to their campaign', count(*))
    FROM moves m
    WHERE m.campaign_name IS NOT NULL
      AND NOT EXISTS (SELECT FROM campaign_moves cm JOIN campaigns c ON c.id = cm.campaign_id
                      WHERE cm.move_id = m.id AND c.workspace_id = m.workspace_id AND c.name = m.campaign_name)
    HAVING count(*) > 0
    UNION ALL
    SELECT format('%s links for %s labelled moves', (SELECT count(*) FROM campaign_moves), count(*))
    FROM moves WHERE campaign_name IS NOT NULL
    HAVING count(*) <> (SELECT count(*) FROM campaign_moves)
    UNION ALL
    SELECT format('campaign_cohorts differs from the cohorts of the campaigns'' moves in %s row(s)', count(*))
    FROM ((SELECT DISTINCT cm.campaign_id, m.cohort_id FROM campaign_moves cm JOIN moves m ON m.id = cm.move_id WHERE m.cohort_id IS NOT NULL)
          EXCEPT SELECT campaign_id, cohort_id FROM campaign_cohorts) AS missing
    HAVING count(*) > 0
    UNION ALL
    SELECT string_agg(c.relname || ' has no row-level security policy', ', ')
    FROM pg_class c WHERE c.oid IN ('campaign_moves'::regclass, 'campaign_cohorts'::regclass)
      AND NOT (c.relrowsecurity AND EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = c.oid))
    HAVING count(*) > 0
)
SELECT count(*) = 0,
       coalesce(string_agg(problem, '; '),
                format('ok: 7 foreign keys, %s moves linked to their campaign, %s campaign-cohort links',
                       (SELECT count(*) FROM campaign_moves), (SELECT count(*) FROM campaign_cohorts)))
FROM problems;
