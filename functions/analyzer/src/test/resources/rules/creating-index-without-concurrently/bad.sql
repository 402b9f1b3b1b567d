-- expect: creating-index-without-concurrently
CREATE INDEX orders_placed_at_idx ON orders (placed_at);

-- expect: creating-index-without-concurrently
CREATE UNIQUE INDEX accounts_lower_email_idx ON accounts (lower(email)) WHERE status <> 'deleted';
