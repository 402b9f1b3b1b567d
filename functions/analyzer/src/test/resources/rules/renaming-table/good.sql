-- The new name as a view over the table: old and new code read and write the same rows.
CREATE VIEW customers AS SELECT * FROM accounts;

-- A table created in this migration can be renamed freely.
CREATE TABLE drafts (id bigint PRIMARY KEY);
ALTER TABLE drafts RENAME TO order_drafts;
