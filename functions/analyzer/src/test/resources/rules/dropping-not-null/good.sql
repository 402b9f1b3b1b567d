-- Already nullable: nothing changes.
ALTER TABLE accounts ALTER COLUMN status DROP NOT NULL;

-- A table created in this migration has no readers yet.
CREATE TABLE drafts (id bigint PRIMARY KEY, title text NOT NULL);
ALTER TABLE drafts ALTER COLUMN title DROP NOT NULL;
