DROP FUNCTION IF EXISTS refresh_account_task_stats();
DROP MATERIALIZED VIEW IF EXISTS account_task_stats;
