-- fixture: transaction=none
-- expect: concurrently-on-partitioned-table
CREATE INDEX CONCURRENTLY events_kind_idx ON events (kind);

-- expect: concurrently-on-partitioned-table
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS events_id_created_at_key
  ON events USING btree (id, created_at) INCLUDE (kind);
