-- fixture: transaction=none
REINDEX INDEX CONCURRENTLY accounts_email_key;
REINDEX TABLE CONCURRENTLY orders;

-- A table created in this migration is empty.
CREATE TABLE invoices (id bigint PRIMARY KEY);
REINDEX TABLE invoices;
