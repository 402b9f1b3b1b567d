-- expect: adding-domain-constraint
ALTER DOMAIN amount ADD CONSTRAINT amount_nonnegative CHECK (VALUE >= 0);

-- The tables using a domain may be unknown: every one of them is checked.
-- expect: adding-domain-constraint
ALTER DOMAIN country_code ADD CHECK (VALUE ~ '^[A-Z]{2}$');

-- expect: adding-domain-constraint
ALTER DOMAIN amount SET NOT NULL;
