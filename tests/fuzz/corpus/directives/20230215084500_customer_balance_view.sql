-- +goose Up
CREATE VIEW billing.customer_balances AS
SELECT c.id                                   AS customer_id,
       c.legal_name,
       coalesce(sum(i.net_cents + i.tax_cents)
                FILTER (WHERE i.voided_at IS NULL), 0) AS billed_cents,
       count(i.id) FILTER (WHERE i.voided_at IS NULL
                             AND i.due_on < current_date) AS overdue_invoices,
       rank() OVER (ORDER BY coalesce(sum(i.net_cents), 0) DESC) AS revenue_rank
FROM billing.customers c
LEFT JOIN billing.invoices i ON i.customer_id = c.id
GROUP BY c.id, c.legal_name;

COMMENT ON VIEW billing.customer_balances IS 'One row per customer; amounts in cents; voided invoices excluded';

-- +goose Down
DROP VIEW billing.customer_balances;
