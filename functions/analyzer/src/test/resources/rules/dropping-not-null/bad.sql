-- expect: dropping-not-null
ALTER TABLE accounts ALTER COLUMN email DROP NOT NULL;

-- expect: dropping-not-null
ALTER TABLE events ALTER COLUMN id DROP NOT NULL;
