-- expect: renaming-column
ALTER TABLE accounts RENAME COLUMN name TO display_name;

-- expect: renaming-column
ALTER TABLE events RENAME kind TO event_kind;
