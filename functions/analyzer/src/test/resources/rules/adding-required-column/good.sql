-- A constant DEFAULT gives existing rows their value from the catalog: instant since PostgreSQL 11.
ALTER TABLE accounts ADD COLUMN tier text NOT NULL DEFAULT 'free';

-- Nullable first; NOT NULL follows once every writer sets the column.
ALTER TABLE orders ADD COLUMN currency char(3);

-- A table created in this migration has no rows.
CREATE TABLE invoices (id bigint PRIMARY KEY);
ALTER TABLE invoices ADD COLUMN number text NOT NULL;
