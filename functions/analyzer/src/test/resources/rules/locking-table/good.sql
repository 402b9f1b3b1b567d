-- Modes that reads and writes pass.
LOCK TABLE accounts IN SHARE UPDATE EXCLUSIVE MODE;
LOCK TABLE orders IN ROW EXCLUSIVE MODE;

-- A table created in this migration.
CREATE TABLE invoices (id bigint PRIMARY KEY);
LOCK TABLE invoices IN ACCESS EXCLUSIVE MODE;
