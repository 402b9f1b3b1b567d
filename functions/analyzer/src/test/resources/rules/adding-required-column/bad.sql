-- expect: adding-required-column
ALTER TABLE accounts ADD COLUMN tier text NOT NULL;

-- expect: adding-required-column
ALTER TABLE public.orders ADD COLUMN IF NOT EXISTS "Currency" char(3) NOT NULL;

-- On a partitioned table every partition is checked.
-- expect: adding-required-column
ALTER TABLE events ADD COLUMN source text NOT NULL;
