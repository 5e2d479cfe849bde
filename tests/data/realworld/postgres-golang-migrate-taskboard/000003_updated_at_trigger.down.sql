DROP TRIGGER IF EXISTS users_set_updated_at ON users;
DROP TRIGGER IF EXISTS accounts_set_updated_at ON accounts;
DROP FUNCTION IF EXISTS set_updated_at();
