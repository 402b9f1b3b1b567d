package dev.migrationbot.rollout.backfill;

import java.time.Duration;
import java.util.Objects;

/**
 * The health gates of a backfill: when each signal is read and what stops the job. A stop puts the
 * job on hold for the gate's wait; the workflow waits without compute and tries again.
 *
 * @param maxReplayLag replica replay lag that stops the job
 * @param maxReplayLagBytes replica replay distance in WAL bytes that stops the job
 * @param lagHold how long to hold on replica lag
 * @param lagEvery how often replica lag is read
 * @param holdOnVacuum whether a manual VACUUM or an anti-wraparound autovacuum running on the table
 *     stops the job; an ordinary autovacuum never does
 * @param vacuumHold how long to hold while a vacuum runs
 * @param vacuumEvery how often vacuum activity is read
 * @param blockedWait an application session waiting this long on the backfill's locks counts as
 *     blocked; a blocked batch halves the batch size
 * @param blockedBatchesToHold consecutive batches with blocked sessions that stop the job
 * @param blockedHold how long to hold after that
 * @param backendsFactor active backends above {@code factor × baseline} stop the job ...
 * @param backendsHeadroom ... and above {@code baseline + headroom}, so a quiet baseline does not
 *     stop on the first burst
 * @param backendsHold how long to hold on load
 * @param backendsEvery how often active backends are counted
 * @param windows when the job may run at all
 */
public record HealthConfig(
    Duration maxReplayLag,
    long maxReplayLagBytes,
    Duration lagHold,
    Duration lagEvery,
    boolean holdOnVacuum,
    Duration vacuumHold,
    Duration vacuumEvery,
    Duration blockedWait,
    int blockedBatchesToHold,
    Duration blockedHold,
    double backendsFactor,
    int backendsHeadroom,
    Duration backendsHold,
    Duration backendsEvery,
    AllowedWindows windows) {

  public static final HealthConfig DEFAULTS =
      new HealthConfig(
          Duration.ofSeconds(1),
          64L * 1024 * 1024,
          Duration.ofSeconds(30),
          Duration.ofSeconds(1),
          true,
          Duration.ofMinutes(10),
          Duration.ofSeconds(30),
          Duration.ofMillis(200),
          3,
          Duration.ofSeconds(30),
          2.0,
          10,
          Duration.ofMinutes(1),
          Duration.ofSeconds(10),
          AllowedWindows.ALWAYS);

  public HealthConfig {
    Objects.requireNonNull(maxReplayLag, "maxReplayLag");
    Objects.requireNonNull(lagHold, "lagHold");
    Objects.requireNonNull(lagEvery, "lagEvery");
    Objects.requireNonNull(vacuumHold, "vacuumHold");
    Objects.requireNonNull(vacuumEvery, "vacuumEvery");
    Objects.requireNonNull(blockedWait, "blockedWait");
    Objects.requireNonNull(blockedHold, "blockedHold");
    Objects.requireNonNull(backendsHold, "backendsHold");
    Objects.requireNonNull(backendsEvery, "backendsEvery");
    Objects.requireNonNull(windows, "windows");
    if (blockedBatchesToHold < 1) {
      throw new IllegalArgumentException("blockedBatchesToHold must be at least 1");
    }
  }

  public HealthConfig withWindows(AllowedWindows newWindows) {
    return new HealthConfig(
        maxReplayLag,
        maxReplayLagBytes,
        lagHold,
        lagEvery,
        holdOnVacuum,
        vacuumHold,
        vacuumEvery,
        blockedWait,
        blockedBatchesToHold,
        blockedHold,
        backendsFactor,
        backendsHeadroom,
        backendsHold,
        backendsEvery,
        newWindows);
  }

  public HealthConfig withBackends(double factor, int headroom) {
    return withBackends(factor, headroom, backendsHold, backendsEvery);
  }

  public HealthConfig withBackends(double factor, int headroom, Duration hold, Duration every) {
    return new HealthConfig(
        maxReplayLag,
        maxReplayLagBytes,
        lagHold,
        lagEvery,
        holdOnVacuum,
        vacuumHold,
        vacuumEvery,
        blockedWait,
        blockedBatchesToHold,
        blockedHold,
        factor,
        headroom,
        hold,
        every,
        windows);
  }

  public HealthConfig withVacuumHold(boolean hold, Duration wait) {
    return new HealthConfig(
        maxReplayLag,
        maxReplayLagBytes,
        lagHold,
        lagEvery,
        hold,
        wait,
        vacuumEvery,
        blockedWait,
        blockedBatchesToHold,
        blockedHold,
        backendsFactor,
        backendsHeadroom,
        backendsHold,
        backendsEvery,
        windows);
  }

  public HealthConfig withVacuumEvery(Duration every) {
    return new HealthConfig(
        maxReplayLag,
        maxReplayLagBytes,
        lagHold,
        lagEvery,
        holdOnVacuum,
        vacuumHold,
        every,
        blockedWait,
        blockedBatchesToHold,
        blockedHold,
        backendsFactor,
        backendsHeadroom,
        backendsHold,
        backendsEvery,
        windows);
  }
}
