-- The schema every rule fixture starts from: it exists before the migration, so statements on
-- these tables are statements on live, possibly big and busy, tables.
CREATE TABLE accounts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  name varchar(100),
  status text,
  plan text,
  balance numeric(12, 2) NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  legacy_flag boolean
);
CREATE UNIQUE INDEX accounts_email_key ON accounts (email);

CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL,
  total numeric(12, 2) NOT NULL,
  note varchar(50),
  placed_at timestamp,
  payload json,
  quantity integer
);
CREATE INDEX orders_account_id_idx ON orders (account_id);

CREATE TABLE events (
  id bigint NOT NULL,
  created_at timestamptz NOT NULL,
  kind text
) PARTITION BY RANGE (created_at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

CREATE MATERIALIZED VIEW account_totals AS
  SELECT account_id, sum(total) AS total FROM orders GROUP BY account_id;
CREATE UNIQUE INDEX account_totals_account_id_idx ON account_totals (account_id);

CREATE TYPE order_state AS ENUM ('new', 'paid');
