package dev.migrationbot.analyzer;

import java.util.Locale;

/** What a statement does to a table's data, beyond the lock it takes. */
public enum Effect {
  /** Only the catalog changes: instant once the lock is granted. */
  METADATA_ONLY,
  /** Every row is read to verify something (a constraint, NOT NULL) while the lock is held. */
  SCAN,
  /** The table (and its indexes) are written anew: time and disk proportional to its size. */
  REWRITE,
  /** An index is built: one or two passes over the table. */
  INDEX_BUILD;

  /** As reports spell it, e.g. {@code metadata-only}. */
  public String displayName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
