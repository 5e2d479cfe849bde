CREATE INDEX users_name ON users (username);
