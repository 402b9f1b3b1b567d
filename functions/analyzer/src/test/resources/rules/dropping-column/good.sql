-- A table created in this migration has no readers yet.
CREATE TABLE drafts (id bigint PRIMARY KEY, scratch text);
ALTER TABLE drafts DROP COLUMN scratch;
