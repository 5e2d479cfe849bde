ALTER TABLE projects ADD COLUMN open_task_count integer NOT NULL DEFAULT 0;

-- backfill from the existing tasks
UPDATE projects p
SET open_task_count = s.n
FROM (
    SELECT project_id, count(*) AS n
    FROM tasks
    WHERE status <> 'done' AND deleted_at IS NULL
    GROUP BY project_id
) s
WHERE s.project_id = p.id;

-- and keep it up to date from now on
CREATE FUNCTION maintain_open_task_count() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    was_open boolean := false;
    is_open  boolean := false;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        was_open := OLD.status <> 'done' AND OLD.deleted_at IS NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        is_open := NEW.status <> 'done' AND NEW.deleted_at IS NULL;
    END IF;
    IF was_open AND NOT is_open THEN
        UPDATE projects SET open_task_count = open_task_count - 1 WHERE id = OLD.project_id;
    ELSIF is_open AND NOT was_open THEN
        UPDATE projects SET open_task_count = open_task_count + 1 WHERE id = NEW.project_id;
    END IF;
    RETURN NULL; -- AFTER trigger: the result is ignored
END;
$$;

CREATE TRIGGER tasks_maintain_open_task_count
    AFTER INSERT OR UPDATE OF status, deleted_at OR DELETE ON tasks
    FOR EACH ROW EXECUTE FUNCTION maintain_open_task_count();
