package dev.migrationbot.rollout.port;

import java.util.Locale;

/** Where one plan step stands. */
public enum StepStatus {
  PENDING,
  RUNNING,
  DONE,
  /** The catalog showed the step had already taken effect, so it did not run. */
  SKIPPED,
  FAILED;

  public boolean finished() {
    return this == DONE || this == SKIPPED;
  }

  public String dbName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static StepStatus fromDb(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
