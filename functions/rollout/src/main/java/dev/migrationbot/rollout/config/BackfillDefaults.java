package dev.migrationbot.rollout.config;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * How backfills run unless a migration says otherwise.
 *
 * @param batchTarget how long one batch should take; batch sizes adapt to it, so row locks stay
 *     short whatever the row width
 * @param pauseRatio pause after each batch, as a fraction of the batch's duration (0.5: a 200 ms
 *     batch is followed by a 100 ms pause), leaving the database room for the application
 * @param maxReplicaLag replication lag above which batches hold until replicas catch up
 * @param windows when backfills may run; empty means any time
 * @param timeZone the zone the windows are written in
 */
public record BackfillDefaults(
    Duration batchTarget,
    double pauseRatio,
    Duration maxReplicaLag,
    List<TimeWindow> windows,
    ZoneId timeZone) {

  public static final BackfillDefaults DEFAULT =
      new BackfillDefaults(
          Duration.ofMillis(200), 0.5, Duration.ofSeconds(10), List.of(), ZoneOffset.UTC);

  public BackfillDefaults {
    Objects.requireNonNull(batchTarget, "batchTarget");
    Objects.requireNonNull(maxReplicaLag, "maxReplicaLag");
    Objects.requireNonNull(timeZone, "timeZone");
    windows = List.copyOf(windows);
    if (batchTarget.isNegative() || batchTarget.isZero()) {
      throw new IllegalArgumentException("the batch target must be positive");
    }
    if (!(pauseRatio >= 0) || Double.isInfinite(pauseRatio)) {
      throw new IllegalArgumentException("the pause ratio must be 0 or more");
    }
    if (maxReplicaLag.isNegative() || maxReplicaLag.isZero()) {
      throw new IllegalArgumentException("the replica lag threshold must be positive");
    }
  }
}
