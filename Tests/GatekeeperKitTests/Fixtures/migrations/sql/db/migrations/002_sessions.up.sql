CREATE TABLE sessions (id UUID PRIMARY KEY, account_id BIGINT REFERENCES accounts (id));
ALTER TABLE accounts ADD COLUMN last_login TIMESTAMPTZ;
