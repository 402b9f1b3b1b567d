-- A table created in this migration.
CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric);
CREATE TRIGGER invoices_audit AFTER INSERT ON invoices FOR EACH ROW EXECUTE FUNCTION audit_row();
ALTER TABLE invoices DISABLE TRIGGER invoices_audit;

-- A reviewed trigger, bounded by a short lock_timeout.
SET lock_timeout = '2s';
-- migration-bot: ignore creating-trigger-on-existing-table dual-write trigger of the email backfill; retried on lock timeout
CREATE TRIGGER orders_audit AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION audit_row();
