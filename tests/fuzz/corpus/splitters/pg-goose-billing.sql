-- +goose Up
CREATE SEQUENCE billing.invoice_number_seq;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION billing.assign_invoice_number() RETURNS trigger AS $$
BEGIN
    IF NEW.number IS NULL THEN
        -- INV-2023-000042; the year is the issue date's, not today's
        NEW.number := format('INV-%s-%s',
                             to_char(NEW.issued_on, 'YYYY'),
                             lpad(nextval('billing.invoice_number_seq')::text, 6, '0'));
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

CREATE TRIGGER invoices_assign_number
    BEFORE INSERT ON billing.invoices
    FOR EACH ROW EXECUTE FUNCTION billing.assign_invoice_number();

-- +goose Down
DROP TRIGGER IF EXISTS invoices_assign_number ON billing.invoices;
-- +goose StatementBegin
DROP FUNCTION IF EXISTS billing.assign_invoice_number();
-- +goose StatementEnd
DROP SEQUENCE IF EXISTS billing.invoice_number_seq;
