-- A table without a primary key yet.
CREATE TABLE audit_log (
  id bigint NOT NULL,
  account_id bigint,
  happened_at timestamptz NOT NULL
);
