-- expect: prefer-timestamptz
ALTER TABLE orders ADD COLUMN shipped_at timestamp;

-- expect: prefer-timestamptz
CREATE TABLE shipments (
  id bigint PRIMARY KEY,
  departed_at timestamp(0) without time zone NOT NULL,
  arrived_at timestamptz
);
