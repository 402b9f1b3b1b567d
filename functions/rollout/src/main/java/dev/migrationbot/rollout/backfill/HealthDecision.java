package dev.migrationbot.rollout.backfill;

import java.time.Duration;
import java.util.Objects;

/** What one health gate says about going on. */
public sealed interface HealthDecision {

  /** Go on as planned. */
  record Go() implements HealthDecision {}

  /** Go on with half the batch size. */
  record SlowDown(String reason) implements HealthDecision {}

  /** Stop and hold the job for {@code wait}. */
  record Hold(String reason, Duration delay) implements HealthDecision {
    public Hold {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(delay, "delay");
    }
  }

  /** The signal could not be read; logged, and the job goes on. */
  record Unknown(String signal, String reason) implements HealthDecision {}

  HealthDecision GO = new Go();
}
