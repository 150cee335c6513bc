CREATE TABLE IF NOT EXISTS accounts (
    id BIGSERIAL PRIMARY KEY,
    "email" TEXT NOT NULL, -- login
    CONSTRAINT accounts_email UNIQUE (email)
);
