package dev.migrationbot.analyzer;

import java.util.Locale;

/** The phases of a rollout, in the order they run. */
public enum Phase {
  /** Additive, backward-compatible schema changes the old application tolerates. */
  EXPAND,
  /** Data changes, run as keyset batches once the application writes the new column. */
  BACKFILL,
  /** Changes that need the new code live and the data complete: NOT NULL, drops, validation. */
  CONTRACT;

  public String displayName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Phase parse(String text) {
    for (Phase p : values()) {
      if (p.displayName().equalsIgnoreCase(text.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown phase '" + text + "'; use expand, backfill or contract");
  }
}
