package dev.migrationbot.rollout.backfill;

import java.time.Duration;
import java.util.Optional;

/**
 * The time a backfill still needs, as a range: the rate so far and the rate of the current slice
 * disagree, and the row count is an estimate.
 */
public record EtaRange(Duration low, Duration high) {

  /** Uncertainty of the planner's row estimate on either side. */
  private static final double ESTIMATE_SLACK = 0.2;

  /**
   * An ETA once at least 1 % is done and {@code minElapsed} has passed; empty before, or when the
   * total is unknown.
   *
   * @param done units done (rows or pages scanned)
   * @param total the estimated total
   * @param elapsed time since the job started, holds and pauses included
   * @param recentRate units per second of the current slice, if known
   */
  public static Optional<EtaRange> estimate(
      long done,
      Optional<Long> total,
      Duration elapsed,
      Optional<Double> recentRate,
      Duration minElapsed) {
    if (total.isEmpty() || total.get() <= 0 || elapsed.compareTo(minElapsed) < 0) {
      return Optional.empty();
    }
    if (done * 100 < total.get() || elapsed.isZero()) {
      return Optional.empty();
    }
    long remaining = Math.max(0, total.get() - done);
    double lifetime = done / (elapsed.toNanos() / 1e9);
    double fast = recentRate.map(r -> Math.max(r, lifetime)).orElse(lifetime);
    double slow = recentRate.filter(r -> r > 0).map(r -> Math.min(r, lifetime)).orElse(lifetime);
    if (slow <= 0) {
      return Optional.empty();
    }
    double low = remaining * (1 - ESTIMATE_SLACK) / fast;
    double high = remaining * (1 + ESTIMATE_SLACK) / slow;
    return Optional.of(new EtaRange(seconds(low), seconds(high)));
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis(Math.round(s * 1000));
  }
}
