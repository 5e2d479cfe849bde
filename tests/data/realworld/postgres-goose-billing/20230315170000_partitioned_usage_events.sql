-- +goose Up
CREATE TABLE billing.usage_events (
    customer_id  bigint      NOT NULL REFERENCES billing.customers (id),
    occurred_at  timestamptz NOT NULL,
    meter        text        NOT NULL,
    quantity     numeric     NOT NULL DEFAULT 1
) PARTITION BY RANGE (occurred_at);

CREATE TABLE billing.usage_events_2023 PARTITION OF billing.usage_events
    FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE billing.usage_events_2024 PARTITION OF billing.usage_events
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE billing.usage_events_default PARTITION OF billing.usage_events DEFAULT;

CREATE INDEX usage_events_customer_idx ON billing.usage_events (customer_id, occurred_at);

-- +goose Down
DROP TABLE billing.usage_events;
