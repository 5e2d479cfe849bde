-- 014 Gamification & achievements: 3 tables, 4 functions, the stats trigger, row-level security.
-- user_stats is kept by a trigger on user_achievements, so that unlocking (or revoking) an
-- achievement and the points it gives can never disagree. The achievements existing users have
-- already earned are awarded here, through unlock_achievement() itself.

-- The catalog: workspace_id NULL means "offered to every workspace".
CREATE TABLE achievements (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id  uuid REFERENCES workspaces (id) ON DELETE CASCADE,
    code          text NOT NULL CHECK (code ~ '^[a-z0-9-]+$'),
    name          text NOT NULL,
    description   text NOT NULL,
    category      text NOT NULL CHECK (category IN ('onboarding', 'planning', 'execution', 'collaboration')),
    points        integer NOT NULL CHECK (points > 0),
    is_active     boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT achievements_workspace_code_key UNIQUE NULLS NOT DISTINCT (workspace_id, code)
);
CREATE INDEX achievements_category_idx ON achievements (category) WHERE is_active;

CREATE TABLE user_achievements (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    achievement_id  uuid NOT NULL REFERENCES achievements (id) ON DELETE CASCADE,
    workspace_id    uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    unlocked_at     timestamptz NOT NULL DEFAULT now(),
    context         jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT user_achievements_once UNIQUE (user_id, achievement_id, workspace_id)
);
CREATE INDEX user_achievements_achievement_idx ON user_achievements (achievement_id);
CREATE INDEX user_achievements_workspace_unlocked_idx ON user_achievements (workspace_id, unlocked_at DESC);

CREATE TABLE user_stats (
    user_id                uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    total_points           integer NOT NULL DEFAULT 0 CHECK (total_points >= 0),
    achievements_unlocked  integer NOT NULL DEFAULT 0 CHECK (achievements_unlocked >= 0),
    level                  smallint NOT NULL DEFAULT 1,
    last_unlocked_at       timestamptz,
    updated_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_stats_points_idx ON user_stats (total_points DESC);

-- Level 1 at 0 points, 2 at 50, 3 at 200, 4 at 450: each level costs more than the last.
CREATE FUNCTION level_for_points(points integer) RETURNS smallint
    LANGUAGE sql IMMUTABLE STRICT
AS $$ SELECT (1 + floor(sqrt(greatest(points, 0) / 50.0)))::smallint $$;

-- Keeps user_stats in step with user_achievements (AFTER INSERT OR DELETE). SECURITY DEFINER:
-- the application may read user_stats but never write it, so only this trigger does.
CREATE FUNCTION apply_achievement_stats() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
DECLARE
    new_total integer;
    new_count integer;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT points INTO new_total FROM achievements WHERE id = NEW.achievement_id;
        INSERT INTO user_stats AS s (user_id, total_points, achievements_unlocked, level, last_unlocked_at)
        VALUES (NEW.user_id, new_total, 1, level_for_points(new_total), NEW.unlocked_at)
        ON CONFLICT (user_id) DO UPDATE
            SET total_points = s.total_points + new_total,
                achievements_unlocked = s.achievements_unlocked + 1,
                level = level_for_points(s.total_points + new_total),
                last_unlocked_at = greatest(s.last_unlocked_at, NEW.unlocked_at),
                updated_at = now();
    ELSE
        -- Recounted from what is left: when the achievement itself is being deleted (ON DELETE
        -- CASCADE), its points can no longer be read.
        SELECT coalesce(sum(a.points), 0), count(*) INTO new_total, new_count
          FROM user_achievements ua JOIN achievements a ON a.id = ua.achievement_id
         WHERE ua.user_id = OLD.user_id;
        UPDATE user_stats
           SET total_points = new_total, achievements_unlocked = new_count,
               level = level_for_points(new_total), updated_at = now()
         WHERE user_id = OLD.user_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER user_achievements_apply_stats
    AFTER INSERT OR DELETE ON user_achievements
    FOR EACH ROW EXECUTE FUNCTION apply_achievement_stats();

CREATE TRIGGER achievements_set_updated_at BEFORE UPDATE ON achievements FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Unlocks an achievement (the workspace's own code first, else the global one) for a member of
-- the workspace. False when it was already unlocked: it reads before it writes, so calling it
-- twice is harmless. Raises on an unknown code or a user who is not a member.
CREATE FUNCTION unlock_achievement(p_user_id uuid, p_workspace_id uuid, p_code text, p_context jsonb DEFAULT '{}')
    RETURNS boolean
    LANGUAGE plpgsql
AS $$
DECLARE
    found_id uuid;
BEGIN
    SELECT id INTO found_id
      FROM achievements
     WHERE code = p_code AND is_active AND (workspace_id = p_workspace_id OR workspace_id IS NULL)
     ORDER BY workspace_id NULLS LAST
     LIMIT 1;
    IF found_id IS NULL THEN
        RAISE EXCEPTION 'unknown achievement "%"', p_code USING ERRCODE = 'no_data_found';
    END IF;
    IF NOT EXISTS (SELECT FROM workspace_members WHERE workspace_id = p_workspace_id AND user_id = p_user_id) THEN
        RAISE EXCEPTION 'user % is not a member of workspace %', p_user_id, p_workspace_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF EXISTS (SELECT FROM user_achievements WHERE user_id = p_user_id AND achievement_id = found_id AND workspace_id = p_workspace_id) THEN
        RETURN false;
    END IF;
    INSERT INTO user_achievements (user_id, achievement_id, workspace_id, context)
    VALUES (p_user_id, found_id, p_workspace_id, coalesce(p_context, '{}'))
    ON CONFLICT ON CONSTRAINT user_achievements_once DO NOTHING;
    RETURN FOUND;
END;
$$;

-- The current workspace's members by points earned there. SECURITY DEFINER: a member may see
-- the others' totals (not their unlock history, which row-level security keeps private).
CREATE FUNCTION workspace_leaderboard(p_limit integer DEFAULT 10)
    RETURNS TABLE (user_id uuid, full_name text, points bigint, place bigint)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT u.id, u.full_name, coalesce(sum(a.points), 0) AS points,
           rank() OVER (ORDER BY coalesce(sum(a.points), 0) DESC) AS place
      FROM workspace_members m
      JOIN users u ON u.id = m.user_id
      LEFT JOIN user_achievements ua ON ua.user_id = m.user_id AND ua.workspace_id = m.workspace_id
      LEFT JOIN achievements a ON a.id = ua.achievement_id
     WHERE m.workspace_id = current_workspace_id()
     GROUP BY u.id, u.full_name
     ORDER BY points DESC, u.full_name
     LIMIT p_limit
$$;

INSERT INTO achievements (code, name, description, category, points) VALUES
    ('first-move',        'First move',          'Planned a first move',                          'onboarding',    10),
    ('cohort-architect',  'Cohort architect',    'Defined an audience cohort',                    'planning',      25),
    ('positioning-pro',   'Positioning pro',     'Had a positioning approved',                    'planning',      40),
    ('campaign-launcher', 'Campaign launcher',   'Launched a campaign',                           'execution',     30),
    ('finisher',          'Finisher',            'Completed five moves',                          'execution',     50),
    ('asset-maker',       'Asset maker',         'Produced three assets',                         'execution',     20),
    ('conversationalist', 'Conversationalist',   'Wrote ten comments on moves',                   'collaboration', 15),
    ('team-player',       'Team player',         'Completed a task on a colleague''s move',       'collaboration', 20);

-- Everyone gets a stats row, earned achievements or not.
INSERT INTO user_stats (user_id) SELECT id FROM users;

-- Award what existing users have already earned, through the function the application calls
-- (the trigger keeps user_stats in step as it goes).
SELECT count(*) FILTER (WHERE unlock_achievement(e.user_id, e.workspace_id, e.code, jsonb_build_object('backfill', '014')))
FROM (
    SELECT DISTINCT owner_id AS user_id, workspace_id, 'first-move' AS code FROM moves WHERE owner_id IS NOT NULL
    UNION ALL
    SELECT DISTINCT created_by, workspace_id, 'cohort-architect' FROM cohorts WHERE created_by IS NOT NULL
    UNION ALL
    SELECT owner_id, workspace_id, 'finisher' FROM moves WHERE status = 'done' AND owner_id IS NOT NULL
     GROUP BY owner_id, workspace_id HAVING count(*) >= 5
    UNION ALL
    SELECT created_by, workspace_id, 'asset-maker' FROM assets WHERE created_by IS NOT NULL
     GROUP BY created_by, workspace_id HAVING count(*) >= 3
    UNION ALL
    SELECT author_id, workspace_id, 'conversationalist' FROM comments WHERE author_id IS NOT NULL
     GROUP BY author_id, workspace_id HAVING count(*) >= 10
) AS e
JOIN workspace_members wm ON wm.user_id = e.user_id AND wm.workspace_id = e.workspace_id;

ALTER TABLE achievements ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_achievements ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_stats ENABLE ROW LEVEL SECURITY;
CREATE POLICY achievements_visible ON achievements FOR SELECT
    USING (workspace_id IS NULL OR workspace_id = current_workspace_id());
CREATE POLICY achievements_workspace_manage ON achievements
    USING (workspace_id = current_workspace_id());
CREATE POLICY user_achievements_own ON user_achievements
    USING (user_id = current_app_user_id());
CREATE POLICY user_stats_own ON user_stats
    USING (user_id = current_app_user_id());

GRANT SELECT, INSERT, UPDATE, DELETE ON achievements, user_achievements TO migdemo_app;
GRANT SELECT ON user_stats TO migdemo_app;
GRANT EXECUTE ON FUNCTION unlock_achievement(uuid, uuid, text, jsonb), workspace_leaderboard(integer) TO migdemo_app;
