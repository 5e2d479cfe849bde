-- Built without locking writes: tasks is the busiest table in production.
-- Run with x-multi-statement=true; CONCURRENTLY cannot run inside a transaction block.
CREATE INDEX CONCURRENTLY IF NOT EXISTS tasks_account_status_idx
    ON tasks (account_id, status)
    WHERE deleted_at IS NULL;

CREATE INDEX CONCURRENTLY IF NOT EXISTS tasks_assignee_due_idx
    ON tasks (assignee_id, due_on)
    WHERE deleted_at IS NULL AND status <> 'done';
