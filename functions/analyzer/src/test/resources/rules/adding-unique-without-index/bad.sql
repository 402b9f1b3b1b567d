-- expect: adding-unique-without-index
ALTER TABLE accounts ADD CONSTRAINT accounts_plan_key UNIQUE (plan);

-- A primary key also sets its columns NOT NULL, scanning for NULL.
-- expect: adding-unique-without-index
ALTER TABLE audit_log ADD PRIMARY KEY (id, account_id);

-- expect: adding-unique-without-index
ALTER TABLE orders ADD CONSTRAINT orders_note_key UNIQUE (note) INCLUDE (total) DEFERRABLE;

-- Each partition's index is built too.
-- expect: adding-unique-without-index
ALTER TABLE events ADD CONSTRAINT events_id_created_at_key UNIQUE (id, created_at);

-- expect: adding-unique-without-index
ALTER TABLE accounts ADD COLUMN referral_code text UNIQUE;
