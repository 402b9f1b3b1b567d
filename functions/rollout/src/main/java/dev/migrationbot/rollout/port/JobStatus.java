package dev.migrationbot.rollout.port;

import java.util.Locale;

/** Where a backfill job stands. */
public enum JobStatus {
  PENDING,
  RUNNING,
  /** A health gate stopped it until {@code holdUntil}. */
  HOLDING,
  PAUSED,
  DONE,
  FAILED,
  CANCELLED;

  public boolean terminal() {
    return this == DONE || this == FAILED || this == CANCELLED;
  }

  public String dbName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static JobStatus fromDb(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
