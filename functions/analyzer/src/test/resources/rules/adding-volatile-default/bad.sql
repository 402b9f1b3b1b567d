-- expect: adding-volatile-default
ALTER TABLE accounts ADD COLUMN api_token uuid DEFAULT gen_random_uuid();

-- expect: adding-volatile-default
ALTER TABLE orders ADD COLUMN jitter double precision DEFAULT random() NOT NULL;

-- expect: adding-volatile-default
ALTER TABLE accounts ADD COLUMN touched_at timestamptz DEFAULT clock_timestamp();

-- On a partitioned table every partition is rewritten.
-- expect: adding-volatile-default
ALTER TABLE events ADD COLUMN trace_id uuid DEFAULT gen_random_uuid();
