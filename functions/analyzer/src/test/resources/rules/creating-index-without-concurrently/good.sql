-- fixture: transaction=none
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_placed_at_idx ON orders (placed_at);

CREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint);
CREATE INDEX invoices_account_id_idx ON invoices (account_id);
