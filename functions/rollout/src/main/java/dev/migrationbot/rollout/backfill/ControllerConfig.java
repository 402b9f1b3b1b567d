package dev.migrationbot.rollout.backfill;

import java.time.Duration;
import java.util.Objects;

/**
 * How batches are sized by time.
 *
 * @param initialSize the first batch's size
 * @param minSize the smallest size halving goes down to
 * @param maxSize the largest size growth goes up to
 * @param target the time one batch should take
 * @param maxGrowth the largest factor one resizing may grow by
 * @param slowFactor a batch slower than {@code slowFactor × target} halves the size at once
 * @param window batches at the same size a resizing decides on
 * @param percentile the percentile of the window compared with the target (0.9 = p90)
 * @param minPause the shortest pause between batches
 * @param pauseRatio the pause as a share of the last batch's time, when longer than {@code
 *     minPause}
 */
public record ControllerConfig(
    int initialSize,
    int minSize,
    int maxSize,
    Duration target,
    double maxGrowth,
    double slowFactor,
    int window,
    double percentile,
    Duration minPause,
    double pauseRatio) {

  /**
   * Keyset batches in rows: start at 1,000, aim at 200 ms, grow by at most ×1.5 per 10 batches
   * (p90; per 3 while they stay under two thirds of the target), halve on a batch slower than 600
   * ms, stay within 100–50,000, pause max(100 ms, 0.5 × batch).
   */
  public static final ControllerConfig ROWS =
      new ControllerConfig(
          1_000,
          100,
          50_000,
          Duration.ofMillis(200),
          1.5,
          3.0,
          10,
          0.9,
          Duration.ofMillis(100),
          0.5);

  /** ctid batches in heap pages (a page holds tens to hundreds of rows). */
  public static final ControllerConfig PAGES =
      new ControllerConfig(
          64, 1, 5_000, Duration.ofMillis(200), 1.5, 3.0, 10, 0.9, Duration.ofMillis(100), 0.5);

  public ControllerConfig {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(minPause, "minPause");
    if (minSize < 1 || minSize > initialSize || initialSize > maxSize) {
      throw new IllegalArgumentException(
          "batch sizes must satisfy 1 <= min <= initial <= max, got "
              + minSize
              + " <= "
              + initialSize
              + " <= "
              + maxSize);
    }
    if (target.isNegative() || target.isZero()) {
      throw new IllegalArgumentException("the target batch time must be positive");
    }
    if (maxGrowth < 1 || slowFactor <= 1 || window < 1 || percentile <= 0 || percentile > 1) {
      throw new IllegalArgumentException(
          "need maxGrowth >= 1, slowFactor > 1, window >= 1 and 0 < percentile <= 1");
    }
    if (minPause.isNegative() || pauseRatio < 0) {
      throw new IllegalArgumentException("pauses cannot be negative");
    }
  }

  public ControllerConfig withSizes(int initial, int min, int max) {
    return new ControllerConfig(
        initial, min, max, target, maxGrowth, slowFactor, window, percentile, minPause, pauseRatio);
  }

  public ControllerConfig withTarget(Duration newTarget) {
    return new ControllerConfig(
        initialSize,
        minSize,
        maxSize,
        newTarget,
        maxGrowth,
        slowFactor,
        window,
        percentile,
        minPause,
        pauseRatio);
  }

  public ControllerConfig withPause(Duration newMinPause, double newPauseRatio) {
    return new ControllerConfig(
        initialSize,
        minSize,
        maxSize,
        target,
        maxGrowth,
        slowFactor,
        window,
        percentile,
        newMinPause,
        newPauseRatio);
  }
}
