-- +migrate Up notransaction
CREATE INDEX CONCURRENTLY people_id ON people (id);

-- +migrate Down
DROP INDEX people_id;
