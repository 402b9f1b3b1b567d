package dev.migrationbot.rollout.plan;

import java.time.Duration;
import java.util.Objects;

/**
 * How a step waits for its locks: each attempt waits at most {@code lockTimeout} for a lock (so the
 * application never queues longer than that behind it) and runs at most {@code statementTimeout}
 * ({@link Duration#ZERO} = no limit, for SHARE UPDATE EXCLUSIVE work such as VALIDATE); failed
 * attempts are retried with exponential backoff and full jitter between {@code initialBackoff} and
 * {@code maxBackoff} until {@code budget} is spent.
 */
public record RetryPolicy(
    Duration lockTimeout,
    Duration statementTimeout,
    Duration budget,
    Duration initialBackoff,
    Duration maxBackoff) {

  /** Short locks on busy tables: 500 ms per attempt, retried for up to 30 minutes. */
  public static final RetryPolicy DDL =
      new RetryPolicy(
          Duration.ofMillis(500),
          Duration.ofSeconds(30),
          Duration.ofMinutes(30),
          Duration.ofSeconds(1),
          Duration.ofMinutes(1));

  /**
   * Long scans that only take SHARE UPDATE EXCLUSIVE (VALIDATE CONSTRAINT, CREATE INDEX
   * CONCURRENTLY): same lock wait, no statement limit.
   */
  public static final RetryPolicy LONG_NON_BLOCKING =
      new RetryPolicy(
          Duration.ofMillis(500),
          Duration.ZERO,
          Duration.ofMinutes(30),
          Duration.ofSeconds(1),
          Duration.ofMinutes(1));

  public RetryPolicy {
    Objects.requireNonNull(lockTimeout, "lockTimeout");
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (lockTimeout.isNegative() || lockTimeout.isZero()) {
      throw new IllegalArgumentException(
          "lockTimeout must be positive: an unbounded lock wait queues the application");
    }
  }

  public RetryPolicy withLockTimeout(Duration timeout) {
    return new RetryPolicy(timeout, statementTimeout, budget, initialBackoff, maxBackoff);
  }

  public RetryPolicy withBudget(Duration newBudget) {
    return new RetryPolicy(lockTimeout, statementTimeout, newBudget, initialBackoff, maxBackoff);
  }
}
