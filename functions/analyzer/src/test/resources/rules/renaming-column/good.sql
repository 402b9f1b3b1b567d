-- expand: the new column next to the old one; the old one goes in a later contract step.
ALTER TABLE accounts ADD COLUMN display_name varchar(100);

-- A table created in this migration has no readers yet.
CREATE TABLE drafts (id bigint PRIMARY KEY, titel text);
ALTER TABLE drafts RENAME COLUMN titel TO title;
