-- expect: creating-trigger-on-existing-table
CREATE TRIGGER orders_audit AFTER INSERT OR UPDATE ON orders
  FOR EACH ROW EXECUTE FUNCTION audit_row();

-- A row-level trigger on a partitioned table is cloned onto every partition.
-- expect: creating-trigger-on-existing-table
CREATE TRIGGER events_audit AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION audit_row();

-- expect: creating-trigger-on-existing-table
ALTER TABLE accounts DISABLE TRIGGER accounts_audit;
