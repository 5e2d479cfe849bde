CREATE TYPE task_status AS ENUM ('todo', 'in_progress', 'blocked', 'done');

CREATE TABLE projects (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id  uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    key         text        NOT NULL CHECK (key ~ '^[A-Z]{2,10}$'),
    name        text        NOT NULL,
    next_number integer     NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, key)
);

CREATE TABLE tasks (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    project_id  uuid        NOT NULL REFERENCES projects (id),
    number      integer     NOT NULL,
    title       text        NOT NULL,
    status      task_status NOT NULL DEFAULT 'todo',
    assignee_id uuid        REFERENCES users (id) ON DELETE SET NULL,
    due_on      date,
    deleted_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (project_id, number)
);

-- Hands out PROJ-1, PROJ-2, ... per project (NOT NULL is checked after BEFORE triggers). The row lock on the project serialises
-- concurrent inserts; "FOR UPDATE" keeps two tasks from getting the same number.
CREATE FUNCTION assign_task_number() RETURNS trigger
    LANGUAGE plpgsql
AS $body$
DECLARE
    n integer;
BEGIN
    IF NEW.number IS NOT NULL THEN
        RETURN NEW;
    END IF;
    SELECT next_number INTO n FROM projects WHERE id = NEW.project_id FOR UPDATE;
    IF n IS NULL THEN
        RAISE EXCEPTION 'project % does not exist; cannot number task "%"', NEW.project_id, NEW.title
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    UPDATE projects SET next_number = n + 1 WHERE id = NEW.project_id;
    NEW.number := n;
    RETURN NEW;
END;
$body$;

CREATE TRIGGER tasks_assign_number
    BEFORE INSERT ON tasks
    FOR EACH ROW EXECUTE FUNCTION assign_task_number();

CREATE TRIGGER projects_set_updated_at BEFORE UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER tasks_set_updated_at BEFORE UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION set_updated_at();
