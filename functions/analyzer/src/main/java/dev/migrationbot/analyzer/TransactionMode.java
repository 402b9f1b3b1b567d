package dev.migrationbot.analyzer;

import java.util.Locale;

/** How the migration runner wraps statements in transactions. Explicit BEGIN/COMMIT win. */
public enum TransactionMode {
  /** One transaction per file (Flyway, Rails, Django, dbmate, golang-migrate multi-statement). */
  PER_FILE,
  /** Each statement in its own transaction (e.g. one statement per Liquibase changeset). */
  PER_STATEMENT,
  /** No wrapping: each statement commits on its own (psql without -1, autocommit runners). */
  NONE;

  /** As configuration spells it, e.g. {@code per-file}. */
  public String displayName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static TransactionMode parse(String text) {
    for (TransactionMode m : values()) {
      if (m.displayName().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown transaction mode '" + text + "'; use per-file, per-statement or none");
  }
}
