-- The production schema of a small shop, as it is before the migrations in migrations/.
-- migration-bot rehearses the migrations on top of it (seeded with synthetic rows and traffic)
-- and `migration-bot lint --schema examples/schema.sql` uses it to know column types.

CREATE TABLE accounts (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email      text NOT NULL,
  name       text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_email_key ON accounts (email);

CREATE TABLE orders (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id  bigint NOT NULL REFERENCES accounts (id),
  total_cents bigint NOT NULL,
  placed_at   timestamptz NOT NULL DEFAULT now(),
  shipped_at  timestamptz,
  note        varchar(200)
);
CREATE INDEX orders_account_id_idx ON orders (account_id);
