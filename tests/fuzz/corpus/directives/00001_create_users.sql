-- +goose Up
CREATE TABLE users (
    id int NOT NULL PRIMARY KEY,
    username text
);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION histories_partition_creation( DATE, DATE )
returns void AS $$
DECLARE
  create_query text;
BEGIN
  FOR create_query IN SELECT 'x;' LOOP
    EXECUTE create_query;
  END LOOP;
END;
$$
language plpgsql;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION histories_partition_creation(DATE, DATE);
DROP TABLE users;
