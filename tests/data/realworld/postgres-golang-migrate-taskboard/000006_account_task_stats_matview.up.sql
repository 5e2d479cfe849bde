CREATE MATERIALIZED VIEW account_task_stats AS
SELECT a.id                                            AS account_id,
       count(t.id)                                     AS total_tasks,
       count(t.id) FILTER (WHERE t.status = 'done')    AS done_tasks,
       count(t.id) FILTER (WHERE t.due_on < current_date
                             AND t.status <> 'done')   AS overdue_tasks,
       max(t.updated_at)                               AS last_activity_at
FROM accounts a
LEFT JOIN tasks t ON t.account_id = a.id AND t.deleted_at IS NULL
GROUP BY a.id
WITH NO DATA;

-- REFRESH ... CONCURRENTLY needs a unique index
CREATE UNIQUE INDEX account_task_stats_account_id_idx ON account_task_stats (account_id);

CREATE FUNCTION refresh_account_task_stats() RETURNS void
    LANGUAGE sql
    SECURITY DEFINER
AS $$
    REFRESH MATERIALIZED VIEW CONCURRENTLY account_task_stats;
$$;

REFRESH MATERIALIZED VIEW account_task_stats;
