-- Tenant isolation: the API sets app.current_account_id per request (SET LOCAL).
CREATE FUNCTION current_account_id() RETURNS uuid
    LANGUAGE sql
    STABLE
AS $fn$
    SELECT nullif(current_setting('app.current_account_id', true), '')::uuid
$fn$;

ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;

CREATE POLICY projects_tenant_isolation ON projects
    USING (account_id = current_account_id())
    WITH CHECK (account_id = current_account_id());

CREATE POLICY tasks_tenant_isolation ON tasks
    USING (account_id = current_account_id())
    WITH CHECK (account_id = current_account_id());
