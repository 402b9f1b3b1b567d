-- fixture: transaction=none
-- New and updated values are checked at once, without a scan.
ALTER DOMAIN amount ADD CONSTRAINT amount_nonnegative CHECK (VALUE >= 0) NOT VALID;
-- VALIDATE still holds SHARE on every table using the domain: run it when writes can pause.
ALTER DOMAIN amount VALIDATE CONSTRAINT amount_nonnegative;

-- A domain created in this migration is used by no existing table.
CREATE DOMAIN percent AS integer;
ALTER DOMAIN percent ADD CONSTRAINT percent_range CHECK (VALUE BETWEEN 0 AND 100);
CREATE TABLE discounts (id bigint PRIMARY KEY, rate percent);
