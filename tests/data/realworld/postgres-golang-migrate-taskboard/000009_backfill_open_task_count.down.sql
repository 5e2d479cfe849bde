DROP TRIGGER IF EXISTS tasks_maintain_open_task_count ON tasks;
DROP FUNCTION IF EXISTS maintain_open_task_count();
ALTER TABLE projects DROP COLUMN IF EXISTS open_task_count;
