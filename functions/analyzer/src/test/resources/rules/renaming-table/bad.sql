-- expect: renaming-table
ALTER TABLE accounts RENAME TO customers;

-- expect: renaming-table
ALTER TABLE IF EXISTS orders SET SCHEMA billing;
