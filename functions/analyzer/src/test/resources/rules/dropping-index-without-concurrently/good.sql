-- fixture: transaction=none
DROP INDEX CONCURRENTLY IF EXISTS orders_account_id_idx;

-- An index of a table created in this migration: nobody uses it yet.
CREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint);
CREATE INDEX invoices_account_id_idx ON invoices (account_id);
DROP INDEX invoices_account_id_idx;
