package dev.migrationbot.rollout.backfill;

import java.util.Objects;

/**
 * One reading of a health signal: the value, or why it could not be read (missing privilege, view
 * absent on this server). An unavailable signal never stops a backfill by itself.
 */
public sealed interface Reading<T> {

  static <T> Reading<T> of(T value) {
    return new Available<>(value);
  }

  static <T> Reading<T> unavailable(String reason) {
    return new Unavailable<>(reason);
  }

  record Available<T>(T value) implements Reading<T> {
    public Available {
      Objects.requireNonNull(value, "value");
    }
  }

  record Unavailable<T>(String reason) implements Reading<T> {
    public Unavailable {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
