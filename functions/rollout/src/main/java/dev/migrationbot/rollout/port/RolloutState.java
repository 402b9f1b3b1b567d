package dev.migrationbot.rollout.port;

import java.util.Locale;

/** Where a rollout stands as a whole. */
public enum RolloutState {
  PLANNED,
  RUNNING,
  DONE,
  FAILED,
  CANCELLED;

  public String dbName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RolloutState fromDb(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
