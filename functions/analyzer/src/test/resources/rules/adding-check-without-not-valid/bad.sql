-- expect: adding-check-without-not-valid
ALTER TABLE accounts ADD CONSTRAINT accounts_balance_nonnegative CHECK (balance >= 0);

-- expect: adding-check-without-not-valid
ALTER TABLE orders ADD CHECK (quantity > 0);

-- A CHECK declared inline in ADD COLUMN has no NOT VALID form.
-- expect: adding-check-without-not-valid
ALTER TABLE accounts ADD COLUMN country char(2) CHECK (country = upper(country));

-- Every partition is scanned.
-- expect: adding-check-without-not-valid
ALTER TABLE events ADD CONSTRAINT events_kind_known CHECK (kind IN ('click', 'view'));
