-- A partitioned table has no storage: only the default for new partitions changes.
ALTER TABLE events SET TABLESPACE pg_default;

-- A table created in this migration.
CREATE TABLE scratch (id bigint PRIMARY KEY);
ALTER TABLE scratch SET UNLOGGED;
