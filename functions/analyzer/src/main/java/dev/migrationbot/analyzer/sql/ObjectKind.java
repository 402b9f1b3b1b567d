package dev.migrationbot.analyzer.sql;

import java.util.Locale;

/** Kinds of objects that DROP can name. */
public enum ObjectKind {
  TABLE,
  INDEX,
  VIEW,
  MATERIALIZED_VIEW,
  SEQUENCE,
  TYPE,
  DOMAIN,
  SCHEMA,
  FUNCTION,
  PROCEDURE,
  TRIGGER,
  POLICY,
  RULE,
  EXTENSION,
  FOREIGN_TABLE,
  DATABASE,
  OTHER;

  /** The kind as SQL spells it, e.g. {@code materialized view}. */
  public String sqlName() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
