-- fixture: transaction=none
CREATE UNIQUE INDEX CONCURRENTLY accounts_plan_key ON accounts (plan);
ALTER TABLE accounts ADD CONSTRAINT accounts_plan_key UNIQUE USING INDEX accounts_plan_key;

-- A primary key's columns are made NOT NULL first, or USING INDEX scans for NULL.
ALTER TABLE audit_log ADD CONSTRAINT audit_log_account_id_not_null CHECK (account_id IS NOT NULL) NOT VALID;
ALTER TABLE audit_log VALIDATE CONSTRAINT audit_log_account_id_not_null;
ALTER TABLE audit_log ALTER COLUMN account_id SET NOT NULL;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_account_id_not_null;
CREATE UNIQUE INDEX CONCURRENTLY audit_log_pkey ON audit_log (id, account_id);
ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY USING INDEX audit_log_pkey;

CREATE UNIQUE INDEX CONCURRENTLY orders_note_key ON orders (note) INCLUDE (total);
ALTER TABLE orders ADD CONSTRAINT orders_note_key UNIQUE USING INDEX orders_note_key DEFERRABLE;

-- A partitioned table: each partition gets its constraint, then the parent's attaches them.
CREATE UNIQUE INDEX CONCURRENTLY events_2024_id_created_at_key ON events_2024 (id, created_at);
ALTER TABLE events_2024 ADD CONSTRAINT events_2024_id_created_at_key
  UNIQUE USING INDEX events_2024_id_created_at_key;
CREATE UNIQUE INDEX CONCURRENTLY events_2025_id_created_at_key ON events_2025 (id, created_at);
ALTER TABLE events_2025 ADD CONSTRAINT events_2025_id_created_at_key
  UNIQUE USING INDEX events_2025_id_created_at_key;
ALTER TABLE events ADD CONSTRAINT events_id_created_at_key UNIQUE (id, created_at);

-- A table created in this migration has no rows to index.
CREATE TABLE coupons (id bigint, code text);
ALTER TABLE coupons ADD PRIMARY KEY (id);
