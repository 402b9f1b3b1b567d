-- fixture: pg=14 transaction=none
ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY;

-- A partitioned table created in this migration.
CREATE TABLE audit_log (id bigint, at timestamptz) PARTITION BY RANGE (at);
CREATE TABLE audit_log_2024 PARTITION OF audit_log FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE audit_log DETACH PARTITION audit_log_2024;
