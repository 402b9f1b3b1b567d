-- fixture: transaction=none
ALTER TABLE accounts ADD CONSTRAINT accounts_balance_nonnegative CHECK (balance >= 0) NOT VALID;
ALTER TABLE accounts VALIDATE CONSTRAINT accounts_balance_nonnegative;

ALTER TABLE accounts ADD COLUMN country char(2);
ALTER TABLE accounts ADD CONSTRAINT accounts_country_check CHECK (country = upper(country)) NOT VALID;
ALTER TABLE accounts VALIDATE CONSTRAINT accounts_country_check;

ALTER TABLE events ADD CONSTRAINT events_kind_known CHECK (kind IN ('click', 'view')) NOT VALID;
ALTER TABLE events VALIDATE CONSTRAINT events_kind_known;

-- A table created in this migration has no rows to check.
CREATE TABLE coupons (id bigint PRIMARY KEY, percent integer);
ALTER TABLE coupons ADD CONSTRAINT coupons_percent_range CHECK (percent BETWEEN 0 AND 100);
