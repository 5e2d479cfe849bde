DROP INDEX CONCURRENTLY IF EXISTS tasks_assignee_due_idx;
DROP INDEX CONCURRENTLY IF EXISTS tasks_account_status_idx;
