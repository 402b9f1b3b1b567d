-- The back office lists open orders by status.
CREATE INDEX orders_status_idx ON orders (status) WHERE status <> 'shipped';
