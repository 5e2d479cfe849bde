DROP TRIGGER IF EXISTS tasks_set_updated_at ON tasks;
DROP TRIGGER IF EXISTS projects_set_updated_at ON projects;
DROP TRIGGER IF EXISTS tasks_assign_number ON tasks;
DROP FUNCTION IF EXISTS assign_task_number();
DROP TABLE projects;
DROP TABLE tasks;
DROP TYPE task_status;
