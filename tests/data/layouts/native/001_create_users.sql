-- Users of the platform
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE
);
CREATE INDEX idx_users_email ON users(email);
