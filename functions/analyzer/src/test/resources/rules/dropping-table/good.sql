-- A table created in this migration.
CREATE TABLE import_batches (id bigint PRIMARY KEY);
DROP TABLE import_batches;

-- A reviewed drop in the contract phase.
-- migration-bot: ignore dropping-table no reads or writes since release 2024.06 (pg_stat_user_tables)
DROP TABLE legacy_imports;
