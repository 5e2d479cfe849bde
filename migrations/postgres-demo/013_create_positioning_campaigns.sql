-- 013 Positioning & campaigns: 5 tables, 14 indexes, row-level security by workspace, updated_at
-- triggers.
-- Campaigns were a free-text label on moves (moves.campaign_name); they become a table and the
-- existing labels are carried over, so the application sees the same campaigns the morning
-- after. moves.campaign_name stays for now: the application still writes it until the next
-- release reads campaign_moves only (expand first, contract later).

-- What a workspace says about itself to one cohort (or to everyone when cohort_id is NULL).
CREATE TABLE positioning (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id     uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    cohort_id        uuid REFERENCES cohorts (id) ON DELETE CASCADE,
    statement        text NOT NULL,
    category         text NOT NULL,
    differentiators  text[] NOT NULL DEFAULT '{}',
    status           text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'retired')),
    approved_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT positioning_approval CHECK (status <> 'approved' OR approved_by IS NOT NULL),
    -- One positioning per cohort, and one workspace-wide one (a NULL cohort counts as a value).
    CONSTRAINT positioning_workspace_cohort_key UNIQUE NULLS NOT DISTINCT (workspace_id, cohort_id)
);
CREATE INDEX positioning_cohort_idx ON positioning (cohort_id);

-- The message pillars built on a positioning, in order.
CREATE TABLE message_architecture (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    positioning_id  uuid NOT NULL REFERENCES positioning (id) ON DELETE CASCADE,
    position        smallint NOT NULL CHECK (position > 0),
    pillar          text NOT NULL,
    headline        text NOT NULL,
    proof_points    text[] NOT NULL DEFAULT '{}',
    tone            text NOT NULL DEFAULT 'confident' CHECK (tone IN ('confident', 'friendly', 'technical', 'bold')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT message_architecture_position_key UNIQUE (positioning_id, position)
);

CREATE TABLE campaigns (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id    uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    positioning_id  uuid REFERENCES positioning (id) ON DELETE SET NULL,
    owner_id        uuid REFERENCES users (id) ON DELETE SET NULL,
    name            text NOT NULL,
    objective       text,
    status          text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'active', 'completed', 'archived')),
    starts_on       date,
    ends_on         date,
    budget_cents    bigint CHECK (budget_cents >= 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT campaigns_workspace_name_key UNIQUE (workspace_id, name),
    CONSTRAINT campaigns_dates CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX campaigns_workspace_status_idx ON campaigns (workspace_id, status);
CREATE INDEX campaigns_positioning_idx ON campaigns (positioning_id);
CREATE INDEX campaigns_owner_idx ON campaigns (owner_id);

CREATE TABLE campaign_moves (
    campaign_id  uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    move_id      uuid NOT NULL REFERENCES moves (id) ON DELETE CASCADE,
    added_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, move_id),
    CONSTRAINT campaign_moves_move_key UNIQUE (move_id) -- a move belongs to at most one campaign
);

CREATE TABLE campaign_cohorts (
    campaign_id  uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    cohort_id    uuid NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    PRIMARY KEY (campaign_id, cohort_id)
);
CREATE INDEX campaign_cohorts_cohort_idx ON campaign_cohorts (cohort_id);

CREATE TRIGGER positioning_set_updated_at BEFORE UPDATE ON positioning FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER message_architecture_set_updated_at BEFORE UPDATE ON message_architecture FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER campaigns_set_updated_at BEFORE UPDATE ON campaigns FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Carry the campaign labels over: one campaign per label and workspace, dated by its moves,
-- owned by whoever owns most of them, completed when none of its moves is still open.
INSERT INTO campaigns (workspace_id, owner_id, name, status, starts_on, ends_on, created_at)
SELECT workspace_id,
       mode() WITHIN GROUP (ORDER BY owner_id),
       campaign_name,
       CASE WHEN bool_and(status IN ('done', 'dropped')) THEN 'completed' ELSE 'active' END,
       min(due_on),
       max(due_on),
       min(created_at)
FROM moves
WHERE campaign_name IS NOT NULL
GROUP BY workspace_id, campaign_name;

INSERT INTO campaign_moves (campaign_id, move_id, added_at)
SELECT c.id, m.id, m.created_at
FROM moves m
JOIN campaigns c ON c.workspace_id = m.workspace_id AND c.name = m.campaign_name;

INSERT INTO campaign_cohorts (campaign_id, cohort_id)
SELECT DISTINCT cm.campaign_id, m.cohort_id
FROM campaign_moves cm
JOIN moves m ON m.id = cm.move_id
WHERE m.cohort_id IS NOT NULL;

-- Row-level security: a workspace sees its own rows only; the link tables follow their campaign.
ALTER TABLE positioning ENABLE ROW LEVEL SECURITY;
ALTER TABLE message_architecture ENABLE ROW LEVEL SECURITY;
ALTER TABLE campaigns ENABLE ROW LEVEL SECURITY;
ALTER TABLE campaign_moves ENABLE ROW LEVEL SECURITY;
ALTER TABLE campaign_cohorts ENABLE ROW LEVEL SECURITY;
CREATE POLICY positioning_workspace_isolation ON positioning
    USING (workspace_id = current_workspace_id());
CREATE POLICY message_architecture_workspace_isolation ON message_architecture
    USING (EXISTS (SELECT 1 FROM positioning p WHERE p.id = positioning_id AND p.workspace_id = current_workspace_id()));
CREATE POLICY campaigns_workspace_isolation ON campaigns
    USING (workspace_id = current_workspace_id());
CREATE POLICY campaign_moves_workspace_isolation ON campaign_moves
    USING (EXISTS (SELECT 1 FROM campaigns c WHERE c.id = campaign_id AND c.workspace_id = current_workspace_id()));
CREATE POLICY campaign_cohorts_workspace_isolation ON campaign_cohorts
    USING (EXISTS (SELECT 1 FROM campaigns c WHERE c.id = campaign_id AND c.workspace_id = current_workspace_id()));

GRANT SELECT, INSERT, UPDATE, DELETE ON positioning, message_architecture, campaigns, campaign_moves, campaign_cohorts TO migdemo_app;
