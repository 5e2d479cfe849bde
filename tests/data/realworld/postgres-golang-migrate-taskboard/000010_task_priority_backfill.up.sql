ALTER TABLE tasks ADD COLUMN priority smallint;

-- Backfill in batches so that tasks is never locked for long: each batch commits on its
-- own (PL/pgSQL may COMMIT in a DO block since PostgreSQL 11, outside a transaction block).
DO $$
DECLARE
    updated integer;
BEGIN
    LOOP
        UPDATE tasks
        SET priority = CASE status WHEN 'blocked' THEN 1 WHEN 'in_progress' THEN 2 ELSE 3 END
        WHERE id IN (SELECT id FROM tasks WHERE priority IS NULL ORDER BY id LIMIT 2);
        GET DIAGNOSTICS updated = ROW_COUNT;
        EXIT WHEN updated = 0;
        RAISE NOTICE 'task priorities: % more', updated;
        COMMIT;
    END LOOP;
END
$$;

ALTER TABLE tasks ALTER COLUMN priority SET DEFAULT 3;
ALTER TABLE tasks ALTER COLUMN priority SET NOT NULL;
