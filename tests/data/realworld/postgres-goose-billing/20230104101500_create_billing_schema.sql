-- +goose Up
CREATE SCHEMA IF NOT EXISTS billing;
COMMENT ON SCHEMA billing IS 'Invoices, payments and the audit trail of both';

-- +goose Down
DROP SCHEMA IF EXISTS billing;
