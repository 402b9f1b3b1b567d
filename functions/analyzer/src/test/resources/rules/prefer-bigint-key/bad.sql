-- expect: prefer-bigint-key
CREATE TABLE coupons (id serial PRIMARY KEY, code text NOT NULL);

-- expect: prefer-bigint-key
CREATE TABLE tags (id integer GENERATED ALWAYS AS IDENTITY, name text, PRIMARY KEY (id));

-- expect: prefer-bigint-key
CREATE TABLE "Regions" ("Id" int4, name text, PRIMARY KEY ("Id"));

-- expect: prefer-bigint-key
ALTER TABLE orders ADD COLUMN line_no smallserial;
