-- The production schema BEFORE the release that migrations 013-017 make: a marketing-planning
-- platform where workspaces plan "moves" (marketing actions) for audience cohorts and keep the
-- assets they produce. 14 tables, 22 foreign keys, 27 indexes, 5 row-level security policies,
-- 3 functions, 5 triggers.
-- `migctl demo postgres-demo` runs this file on an empty database, then inserts the rows of
-- app/core/demo/PostgresDemoData.cpp (3 workspaces, 8 cohorts, 156 moves, 42 assets, ...).

-- The application connects as this role (no login of its own here: the demo only switches to
-- it, with SET ROLE, to show that the row-level security policies isolate workspaces and
-- users). Roles belong to the whole cluster, so it is made only when missing; whoever seeds
-- the demo is made a member so that verification can switch to it without being superuser.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'migdemo_app') THEN
        CREATE ROLE migdemo_app NOLOGIN;
    END IF;
    IF NOT pg_has_role(current_user, 'migdemo_app', 'MEMBER') THEN
        EXECUTE format('GRANT migdemo_app TO %I', current_user);
    END IF;
END;
$$;

-- Row-level security reads the caller's workspace and user from settings the application sets
-- per transaction (SET LOCAL app.workspace_id = '...'); unset means "none", never "all".
CREATE FUNCTION current_workspace_id() RETURNS uuid
    LANGUAGE sql STABLE
AS $$ SELECT nullif(current_setting('app.workspace_id', true), '')::uuid $$;

CREATE FUNCTION current_app_user_id() RETURNS uuid
    LANGUAGE sql STABLE
AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;

CREATE FUNCTION set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TABLE workspaces (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]+$'),
    name        text NOT NULL,
    plan        text NOT NULL DEFAULT 'starter' CHECK (plan IN ('starter', 'growth', 'scale')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text NOT NULL,
    full_name     text NOT NULL,
    locale        text NOT NULL DEFAULT 'en-US',
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE workspace_members (
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    joined_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX workspace_members_user_idx ON workspace_members (user_id);

CREATE TABLE user_preferences (
    user_id       uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    theme         text NOT NULL DEFAULT 'system' CHECK (theme IN ('system', 'light', 'dark')),
    email_digest  text NOT NULL DEFAULT 'weekly' CHECK (email_digest IN ('off', 'daily', 'weekly')),
    timezone      text NOT NULL DEFAULT 'UTC'
);

CREATE TABLE subscriptions (
    workspace_id  uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    plan          text NOT NULL,
    seats         integer NOT NULL CHECK (seats > 0),
    renews_on     date NOT NULL,
    cancelled_at  timestamptz
);

CREATE TABLE invoices (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    number        text NOT NULL UNIQUE,
    amount_cents  integer NOT NULL CHECK (amount_cents >= 0),
    currency      char(3) NOT NULL DEFAULT 'USD',
    issued_on     date NOT NULL,
    paid_at       timestamptz
);
CREATE INDEX invoices_workspace_issued_idx ON invoices (workspace_id, issued_on);

CREATE TABLE integrations (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    provider      text NOT NULL CHECK (provider IN ('hubspot', 'salesforce', 'linkedin', 'google_ads', 'slack', 'notion')),
    status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'error')),
    connected_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (workspace_id, provider)
);

-- Audiences a workspace plans for (ideal-customer profiles).
CREATE TABLE cohorts (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id   uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name           text NOT NULL,
    description    text,
    size_estimate  integer CHECK (size_estimate >= 0),
    created_by     uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (workspace_id, name)
);

CREATE TABLE cohort_traits (
    cohort_id  uuid NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    trait      text NOT NULL,
    value      text NOT NULL,
    PRIMARY KEY (cohort_id, trait)
);

-- A move is one marketing action (a webinar, a LinkedIn sequence, a landing page test).
-- Campaigns were only a free-text label on moves until release 013 makes them a table.
CREATE TABLE moves (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id   uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    cohort_id      uuid REFERENCES cohorts (id) ON DELETE SET NULL,
    owner_id       uuid REFERENCES users (id) ON DELETE SET NULL,
    title          text NOT NULL,
    channel        text NOT NULL CHECK (channel IN ('email', 'linkedin', 'webinar', 'paid_search', 'content', 'events', 'partner')),
    status         text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'active', 'done', 'dropped')),
    campaign_name  text,
    due_on         date,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX moves_workspace_status_idx ON moves (workspace_id, status);
CREATE INDEX moves_cohort_idx ON moves (cohort_id);

CREATE TABLE move_tasks (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    move_id      uuid NOT NULL REFERENCES moves (id) ON DELETE CASCADE,
    position     integer NOT NULL,
    title        text NOT NULL,
    assignee_id  uuid REFERENCES users (id) ON DELETE SET NULL,
    done_at      timestamptz,
    UNIQUE (move_id, position)
);

CREATE TABLE assets (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    move_id       uuid REFERENCES moves (id) ON DELETE SET NULL,
    kind          text NOT NULL CHECK (kind IN ('copy', 'image', 'video', 'deck', 'landing_page')),
    title         text NOT NULL,
    storage_path  text NOT NULL,
    size_bytes    bigint NOT NULL CHECK (size_bytes >= 0),
    created_by    uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assets_workspace_kind_idx ON assets (workspace_id, kind);

CREATE TABLE comments (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    move_id       uuid NOT NULL REFERENCES moves (id) ON DELETE CASCADE,
    author_id     uuid REFERENCES users (id) ON DELETE SET NULL,
    body          text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comments_move_idx ON comments (move_id, created_at);

CREATE TABLE activity_log (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id       uuid REFERENCES users (id) ON DELETE SET NULL,
    action        text NOT NULL,
    entity        text NOT NULL,
    entity_id     uuid,
    at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activity_log_workspace_at_idx ON activity_log (workspace_id, at DESC);

CREATE TRIGGER workspaces_set_updated_at BEFORE UPDATE ON workspaces FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER cohorts_set_updated_at BEFORE UPDATE ON cohorts FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER moves_set_updated_at BEFORE UPDATE ON moves FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER assets_set_updated_at BEFORE UPDATE ON assets FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Workspace isolation for the application role (the table owner is not subject to it).
ALTER TABLE cohorts ENABLE ROW LEVEL SECURITY;
ALTER TABLE moves ENABLE ROW LEVEL SECURITY;
ALTER TABLE assets ENABLE ROW LEVEL SECURITY;
ALTER TABLE comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE activity_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY cohorts_workspace_isolation ON cohorts USING (workspace_id = current_workspace_id());
CREATE POLICY moves_workspace_isolation ON moves USING (workspace_id = current_workspace_id());
CREATE POLICY assets_workspace_isolation ON assets USING (workspace_id = current_workspace_id());
CREATE POLICY comments_workspace_isolation ON comments USING (workspace_id = current_workspace_id());
CREATE POLICY activity_log_workspace_isolation ON activity_log USING (workspace_id = current_workspace_id());

GRANT SELECT ON ALL TABLES IN SCHEMA public TO migdemo_app;
GRANT INSERT, UPDATE, DELETE ON cohorts, cohort_traits, moves, move_tasks, assets, comments, activity_log TO migdemo_app;
