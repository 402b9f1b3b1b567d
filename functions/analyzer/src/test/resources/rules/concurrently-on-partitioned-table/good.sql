-- fixture: transaction=none
-- The parent's index alone (invalid, catalog only), then each partition's, built concurrently
-- and attached; the parent's index turns valid with the last one.
CREATE INDEX events_kind_idx ON ONLY events (kind);
CREATE INDEX CONCURRENTLY events_2024_kind_idx ON events_2024 (kind);
ALTER INDEX events_kind_idx ATTACH PARTITION events_2024_kind_idx;
CREATE INDEX CONCURRENTLY events_2025_kind_idx ON events_2025 (kind);
ALTER INDEX events_kind_idx ATTACH PARTITION events_2025_kind_idx;

-- A plain table can be indexed concurrently.
CREATE INDEX CONCURRENTLY orders_placed_at_idx ON orders (placed_at);
