package dev.migrationbot.rollout.engine;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: before attempt {@code n + 1} wait a uniformly random time
 * between zero and {@code min(max, initial × 2^(n-1))}, so retries of many callers spread out.
 */
public final class Backoff {

  private Backoff() {}

  public static Duration delay(
      int failures, Duration initial, Duration max, RandomGenerator random) {
    return Duration.ofNanos(
        (long) (random.nextDouble() * ceiling(failures, initial, max).toNanos()));
  }

  /** The cap of the random wait after {@code failures} failed attempts. */
  public static Duration ceiling(int failures, Duration initial, Duration max) {
    int doublings = Math.max(0, Math.min(failures - 1, 40));
    long nanos = initial.toNanos();
    for (int i = 0; i < doublings && nanos < max.toNanos(); i++) {
      nanos *= 2;
    }
    return Duration.ofNanos(Math.min(nanos, max.toNanos()));
  }
}
