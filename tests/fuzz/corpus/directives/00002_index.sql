-- +goose NO TRANSACTION
-- +goose Up
CREATE INDEX CONCURRENTLY users_username ON users (username);

-- +goose Down
DROP INDEX CONCURRENTLY users_username;
