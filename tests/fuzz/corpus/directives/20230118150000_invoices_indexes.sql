-- +goose NO TRANSACTION
-- +goose Up
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_customer_issued_idx
    ON billing.invoices (customer_id, issued_on DESC);
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_open_due_idx
    ON billing.invoices (due_on)
    WHERE voided_at IS NULL;

-- +goose Down
DROP INDEX CONCURRENTLY IF EXISTS billing.invoices_open_due_idx;
DROP INDEX CONCURRENTLY IF EXISTS billing.invoices_customer_issued_idx;
