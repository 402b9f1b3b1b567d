package dev.migrationbot.rollout.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The time an invocation may spend, as a deadline: a Lambda handler passes now plus the remaining
 * time of its context. Work stops early enough to record where it got to.
 */
public record TimeBudget(Instant deadline) {

  public TimeBudget {
    Objects.requireNonNull(deadline, "deadline");
  }

  public static TimeBudget of(Instant now, Duration available) {
    return new TimeBudget(now.plus(available));
  }

  public Duration remaining(Instant now) {
    Duration left = Duration.between(now, deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
