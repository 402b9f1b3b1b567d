ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
CREATE TABLE shipments (id bigint PRIMARY KEY, departed_at timestamp(0) with time zone NOT NULL, day date);
