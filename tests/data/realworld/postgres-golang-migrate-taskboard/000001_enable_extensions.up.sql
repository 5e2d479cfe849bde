-- citext for case-insensitive emails and slugs; pgcrypto for password hashing helpers.
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
