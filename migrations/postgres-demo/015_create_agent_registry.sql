-- 015 Agent registry: 4 tables, 14 indexes, the finish_agent_assignment() stored procedure.
-- The registry and its capabilities are one catalog for every workspace (the application reads
-- it, never writes it); assignments and the daily performance they add up to belong to a
-- workspace and are isolated by row-level security.

CREATE TABLE agent_registry (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    key          text NOT NULL CHECK (key ~ '^[a-z0-9_]+$'),
    name         text NOT NULL,
    description  text NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('research', 'copywriting', 'analytics', 'planning', 'operations')),
    version      text NOT NULL DEFAULT '1.0.0',
    is_active    boolean NOT NULL DEFAULT true,
    config       jsonb NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agent_registry_key_key UNIQUE (key)
);
CREATE INDEX agent_registry_kind_idx ON agent_registry (kind) WHERE is_active;

CREATE TABLE agent_capabilities (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_id           uuid NOT NULL REFERENCES agent_registry (id) ON DELETE CASCADE,
    capability         text NOT NULL,
    max_input_tokens   integer NOT NULL DEFAULT 8000 CHECK (max_input_tokens > 0),
    CONSTRAINT agent_capabilities_agent_capability_key UNIQUE (agent_id, capability)
);
CREATE INDEX agent_capabilities_capability_idx ON agent_capabilities (capability);

-- One piece of work given to an agent, for a move or a whole campaign.
CREATE TABLE agent_assignments (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    agent_id      uuid NOT NULL REFERENCES agent_registry (id) ON DELETE RESTRICT,
    move_id       uuid REFERENCES moves (id) ON DELETE SET NULL,
    campaign_id   uuid REFERENCES campaigns (id) ON DELETE SET NULL,
    assigned_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    assigned_at   timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    duration_ms   integer CHECK (duration_ms >= 0),
    tokens_used   integer CHECK (tokens_used >= 0),
    error         text,
    CONSTRAINT agent_assignments_target CHECK (move_id IS NOT NULL OR campaign_id IS NOT NULL),
    CONSTRAINT agent_assignments_finished CHECK ((status IN ('succeeded', 'failed', 'cancelled')) = (finished_at IS NOT NULL))
);
CREATE INDEX agent_assignments_workspace_status_idx ON agent_assignments (workspace_id, status);
CREATE INDEX agent_assignments_agent_assigned_idx ON agent_assignments (agent_id, assigned_at DESC);
CREATE INDEX agent_assignments_move_idx ON agent_assignments (move_id) WHERE move_id IS NOT NULL;
CREATE INDEX agent_assignments_campaign_idx ON agent_assignments (campaign_id) WHERE campaign_id IS NOT NULL;
-- The queue: open assignments are exactly those not finished (agent_assignments_finished).
CREATE INDEX agent_assignments_open_idx ON agent_assignments (assigned_at) WHERE finished_at IS NULL;

-- Per agent, workspace and day: what the finished assignments added up to.
CREATE TABLE agent_performance (
    agent_id           uuid NOT NULL REFERENCES agent_registry (id) ON DELETE CASCADE,
    workspace_id       uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    day                date NOT NULL,
    runs               integer NOT NULL DEFAULT 0,
    succeeded          integer NOT NULL DEFAULT 0,
    failed             integer NOT NULL DEFAULT 0,
    total_duration_ms  bigint NOT NULL DEFAULT 0,
    tokens_used        bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (agent_id, workspace_id, day),
    CONSTRAINT agent_performance_counts CHECK (succeeded >= 0 AND failed >= 0 AND succeeded + failed <= runs)
);
CREATE INDEX agent_performance_workspace_day_idx ON agent_performance (workspace_id, day DESC);

CREATE TRIGGER agent_registry_set_updated_at BEFORE UPDATE ON agent_registry FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Closes an assignment and adds it to the day's performance, in the caller's transaction (a
-- procedure, so that the worker CALLs it as one step). Refuses an unknown or finished one. It
-- runs with the caller's rights, so row-level security keeps a workspace to its own assignments.
CREATE PROCEDURE finish_agent_assignment(p_assignment_id uuid, p_succeeded boolean, p_duration_ms integer,
                                         p_tokens_used integer, p_error text DEFAULT NULL)
    LANGUAGE plpgsql
AS $$
DECLARE
    a agent_assignments%ROWTYPE;
BEGIN
    SELECT * INTO a FROM agent_assignments WHERE id = p_assignment_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'agent assignment % does not exist', p_assignment_id USING ERRCODE = 'no_data_found';
    END IF;
    IF a.status NOT IN ('queued', 'running') THEN
        RAISE EXCEPTION 'agent assignment % is already %', p_assignment_id, a.status USING ERRCODE = 'check_violation';
    END IF;
    UPDATE agent_assignments
       SET status = CASE WHEN p_succeeded THEN 'succeeded' ELSE 'failed' END,
           finished_at = now(), duration_ms = p_duration_ms, tokens_used = p_tokens_used, error = p_error
     WHERE id = p_assignment_id;
    INSERT INTO agent_performance AS p (agent_id, workspace_id, day, runs, succeeded, failed, total_duration_ms, tokens_used)
    VALUES (a.agent_id, a.workspace_id, (now() AT TIME ZONE 'UTC')::date, 1,
            CASE WHEN p_succeeded THEN 1 ELSE 0 END, CASE WHEN p_succeeded THEN 0 ELSE 1 END, p_duration_ms, p_tokens_used)
    ON CONFLICT (agent_id, workspace_id, day) DO UPDATE
        SET runs = p.runs + 1,
            succeeded = p.succeeded + EXCLUDED.succeeded,
            failed = p.failed + EXCLUDED.failed,
            total_duration_ms = p.total_duration_ms + EXCLUDED.total_duration_ms,
            tokens_used = p.tokens_used + EXCLUDED.tokens_used;
END;
$$;

INSERT INTO agent_registry (key, name, description, kind, version, config) VALUES
    ('market_researcher', 'Market researcher', 'Reads public sources about a cohort and summarises what matters to it', 'research',    '1.4.0', '{"model": "large", "temperature": 0.2}'),
    ('copywriter',        'Copywriter',        'Drafts copy for a move from its positioning and message pillars',         'copywriting', '2.1.0', '{"model": "large", "temperature": 0.7}'),
    ('campaign_planner',  'Campaign planner',  'Proposes the moves of a campaign and their order',                        'planning',    '1.2.3', '{"model": "large", "temperature": 0.4}'),
    ('performance_analyst', 'Performance analyst', 'Explains what a finished campaign achieved against its objective',  'analytics',   '1.0.2', '{"model": "medium", "temperature": 0.1}'),
    ('asset_reviewer',    'Asset reviewer',    'Checks assets against the brand rules before they ship',                  'operations',  '1.1.0', '{"model": "medium", "temperature": 0.0}'),
    ('signal_scout',      'Signal scout',      'Watches integrations for intent and market signals',                      'research',    '0.9.1', '{"model": "small", "temperature": 0.3}');

INSERT INTO agent_capabilities (agent_id, capability, max_input_tokens)
SELECT r.id, c.capability, c.max_input_tokens
FROM (VALUES
    ('market_researcher', 'web_research', 32000), ('market_researcher', 'summarise', 16000),
    ('copywriter', 'write_copy', 16000), ('copywriter', 'rewrite_tone', 8000), ('copywriter', 'translate', 8000),
    ('campaign_planner', 'plan_moves', 24000), ('campaign_planner', 'estimate_budget', 8000),
    ('performance_analyst', 'analyse_results', 32000), ('performance_analyst', 'summarise', 16000),
    ('asset_reviewer', 'review_brand', 8000), ('asset_reviewer', 'check_links', 4000),
    ('signal_scout', 'watch_integrations', 8000), ('signal_scout', 'score_signal', 4000)
) AS c (agent_key, capability, max_input_tokens)
JOIN agent_registry r ON r.key = c.agent_key;

ALTER TABLE agent_assignments ENABLE ROW LEVEL SECURITY;
ALTER TABLE agent_performance ENABLE ROW LEVEL SECURITY;
CREATE POLICY agent_assignments_workspace_isolation ON agent_assignments
    USING (workspace_id = current_workspace_id());
CREATE POLICY agent_performance_workspace_isolation ON agent_performance
    USING (workspace_id = current_workspace_id());

GRANT SELECT ON agent_registry, agent_capabilities TO migdemo_app;
GRANT SELECT, INSERT, UPDATE ON agent_assignments, agent_performance TO migdemo_app;
GRANT EXECUTE ON PROCEDURE finish_agent_assignment(uuid, boolean, integer, integer, text) TO migdemo_app;
