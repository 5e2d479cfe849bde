-- Audit trail for invoices and customers (ticket BILL-142).
-- Rows are written by an AFTER trigger; the application never writes them itself.

-- +goose Up
CREATE TABLE billing.audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    table_name  text        NOT NULL,
    row_pk      text        NOT NULL,
    operation   text        NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
    old_row     jsonb,
    new_row     jsonb,
    changed_by  text        NOT NULL DEFAULT current_user,
    changed_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- +goose StatementBegin
CREATE FUNCTION billing.audit_row() RETURNS trigger
LANGUAGE plpgsql
AS $audit$
DECLARE
    pk text;
BEGIN
    pk := CASE TG_OP WHEN 'DELETE' THEN OLD.id::text ELSE NEW.id::text END;
    INSERT INTO billing.audit_log (table_name, row_pk, operation, old_row, new_row)
    VALUES (TG_TABLE_NAME, pk, TG_OP,
            CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
            CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END);
    RETURN NULL;
END;
$audit$;
-- +goose StatementEnd

CREATE TRIGGER invoices_audit
    AFTER INSERT OR UPDATE OR DELETE ON billing.invoices
    FOR EACH ROW EXECUTE FUNCTION billing.audit_row();

CREATE TRIGGER customers_audit
    AFTER INSERT OR UPDATE OR DELETE ON billing.customers
    FOR EACH ROW EXECUTE FUNCTION billing.audit_row();

-- +goose Down
DROP TRIGGER customers_audit ON billing.customers;
DROP TRIGGER invoices_audit ON billing.invoices;
DROP FUNCTION billing.audit_row();
DROP TABLE billing.audit_log;
