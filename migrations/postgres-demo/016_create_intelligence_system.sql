-- 016 Intelligence system: 2 tables, 10 indexes, 3 functions, row-level security by workspace.
-- Signals (intent, competitor moves, pricing changes) come from integrations, agents or people;
-- an insight is what a workspace concludes from several of them. A signal's weight fades with
-- age (half of it every 14 days): signal_score() is the one place that rule lives.

CREATE TABLE intelligence_signals (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id       uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    cohort_id          uuid REFERENCES cohorts (id) ON DELETE SET NULL,
    integration_id     uuid REFERENCES integrations (id) ON DELETE SET NULL,
    detected_by_agent  uuid REFERENCES agent_registry (id) ON DELETE SET NULL,
    source             text NOT NULL CHECK (source IN ('integration', 'agent', 'manual')),
    signal_type        text NOT NULL CHECK (signal_type IN ('intent', 'competitor', 'pricing', 'trend', 'churn_risk')),
    title              text NOT NULL,
    payload            jsonb NOT NULL DEFAULT '{}',
    strength           numeric(3, 2) NOT NULL CHECK (strength BETWEEN 0 AND 1),
    detected_at        timestamptz NOT NULL DEFAULT now(),
    expires_at         timestamptz,
    search             tsvector GENERATED ALWAYS AS (to_tsvector('english', title)) STORED,
    CONSTRAINT intelligence_signals_expiry CHECK (expires_at IS NULL OR expires_at > detected_at)
);
CREATE INDEX intelligence_signals_workspace_detected_idx ON intelligence_signals (workspace_id, detected_at DESC);
CREATE INDEX intelligence_signals_cohort_idx ON intelligence_signals (cohort_id) WHERE cohort_id IS NOT NULL;
CREATE INDEX intelligence_signals_type_idx ON intelligence_signals (workspace_id, signal_type);
CREATE INDEX intelligence_signals_search_idx ON intelligence_signals USING gin (search);
CREATE INDEX intelligence_signals_payload_idx ON intelligence_signals USING gin (payload jsonb_path_ops);

CREATE TABLE market_insights (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id      uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    campaign_id       uuid REFERENCES campaigns (id) ON DELETE SET NULL,
    created_by_agent  uuid REFERENCES agent_registry (id) ON DELETE SET NULL,
    title             text NOT NULL,
    summary           text NOT NULL,
    confidence        numeric(3, 2) NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    signal_ids        uuid[] NOT NULL CHECK (cardinality(signal_ids) > 0),
    status            text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'accepted', 'dismissed')),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX market_insights_workspace_status_idx ON market_insights (workspace_id, status);
CREATE INDEX market_insights_campaign_idx ON market_insights (campaign_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX market_insights_signals_idx ON market_insights USING gin (signal_ids);

-- A signal's strength, halved for every 14 days of age at the given time.
CREATE FUNCTION signal_score(strength numeric, detected_at timestamptz, at timestamptz) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT
AS $$
    SELECT round(strength * power(0.5, greatest(extract(epoch FROM at - detected_at), 0) / (14 * 86400.0)), 4)
$$;

-- The current workspace's signals still in force, strongest first (row-level security applies:
-- the function runs with the caller's rights).
CREATE FUNCTION active_signals(p_at timestamptz DEFAULT now())
    RETURNS TABLE (id uuid, signal_type text, title text, score numeric)
    LANGUAGE sql STABLE
AS $$
    SELECT s.id, s.signal_type, s.title, signal_score(s.strength, s.detected_at, p_at)
      FROM intelligence_signals s
     WHERE s.workspace_id = current_workspace_id()
       AND s.detected_at <= p_at AND (s.expires_at IS NULL OR s.expires_at > p_at)
     ORDER BY 4 DESC, s.detected_at DESC
$$;

-- An insight may only rest on signals of its own workspace (an array cannot carry a foreign key).
CREATE FUNCTION check_insight_signals() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    missing integer;
BEGIN
    SELECT count(*) INTO missing
      FROM unnest(NEW.signal_ids) AS given(id)
     WHERE NOT EXISTS (SELECT FROM intelligence_signals s WHERE s.id = given.id AND s.workspace_id = NEW.workspace_id);
    IF missing > 0 THEN
        RAISE EXCEPTION '% signal(s) of insight "%" are not signals of its workspace', missing, NEW.title
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER market_insights_check_signals
    BEFORE INSERT OR UPDATE OF signal_ids, workspace_id ON market_insights
    FOR EACH ROW EXECUTE FUNCTION check_insight_signals();
CREATE TRIGGER market_insights_set_updated_at BEFORE UPDATE ON market_insights FOR EACH ROW EXECUTE FUNCTION set_updated_at();

ALTER TABLE intelligence_signals ENABLE ROW LEVEL SECURITY;
ALTER TABLE market_insights ENABLE ROW LEVEL SECURITY;
CREATE POLICY intelligence_signals_workspace_isolation ON intelligence_signals
    USING (workspace_id = current_workspace_id());
CREATE POLICY market_insights_workspace_isolation ON market_insights
    USING (workspace_id = current_workspace_id());

GRANT SELECT, INSERT, UPDATE, DELETE ON intelligence_signals, market_insights TO migdemo_app;
