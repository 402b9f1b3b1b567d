package dev.migrationbot.rollout.backfill;

import java.time.Duration;
import java.time.Instant;

/**
 * Turns health signals into decisions. Pure, except that it counts consecutive batches that blocked
 * application sessions.
 */
public final class HealthGate {

  private final HealthConfig config;
  private final int baselineActiveBackends;
  private int blockedStreak;

  public HealthGate(HealthConfig config, int baselineActiveBackends) {
    this.config = config;
    this.baselineActiveBackends = baselineActiveBackends;
  }

  public HealthConfig config() {
    return config;
  }

  public HealthDecision replicaLag(Reading<ReplicaLag> reading) {
    if (reading instanceof Reading.Unavailable<ReplicaLag> u) {
      return new HealthDecision.Unknown("replica-lag", u.reason());
    }
    ReplicaLag lag = ((Reading.Available<ReplicaLag>) reading).value();
    if (lag.replicas() == 0) {
      return HealthDecision.GO;
    }
    if (lag.replayLag().isPresent() && lag.replayLag().get().compareTo(config.maxReplayLag()) > 0) {
      return new HealthDecision.Hold(
          "replica replay lag "
              + lag.replayLag().get().toMillis()
              + " ms is above "
              + config.maxReplayLag().toMillis()
              + " ms",
          config.lagHold());
    }
    if (lag.replayLagBytes() > config.maxReplayLagBytes()) {
      return new HealthDecision.Hold(
          "a replica is "
              + lag.replayLagBytes()
              + " bytes of WAL behind, above "
              + config.maxReplayLagBytes(),
          config.lagHold());
    }
    return HealthDecision.GO;
  }

  public HealthDecision vacuum(Reading<VacuumActivity> reading) {
    if (reading instanceof Reading.Unavailable<VacuumActivity> u) {
      return new HealthDecision.Unknown("vacuum", u.reason());
    }
    VacuumActivity vacuum = ((Reading.Available<VacuumActivity>) reading).value();
    // An ordinary autovacuum is what a backfill's own dead rows trigger, every fifth of the
    // table or so, and it runs throttled next to the paced batches; holding for it would stall
    // every large backfill on its own side effect.
    boolean yields = vacuum.running() && (!vacuum.autovacuum() || vacuum.wraparound());
    if (config.holdOnVacuum() && yields) {
      return new HealthDecision.Hold(
          (vacuum.autovacuum() ? "an autovacuum to prevent wraparound" : "a manual VACUUM")
              + " is running on the table; the backfill waits so it does not add dead rows to"
              + " what that vacuum must get through",
          config.vacuumHold());
    }
    return HealthDecision.GO;
  }

  public HealthDecision activeBackends(Reading<Integer> reading) {
    if (reading instanceof Reading.Unavailable<Integer> u) {
      return new HealthDecision.Unknown("active-backends", u.reason());
    }
    int active = ((Reading.Available<Integer>) reading).value();
    int limit =
        Math.max(
            (int) Math.ceil(baselineActiveBackends * config.backendsFactor()),
            baselineActiveBackends + config.backendsHeadroom());
    if (active > limit) {
      return new HealthDecision.Hold(
          active
              + " active backends, above "
              + limit
              + " (baseline "
              + baselineActiveBackends
              + " when the job started)",
          config.backendsHold());
    }
    return HealthDecision.GO;
  }

  /**
   * After each batch: the application sessions that were waiting on the batch's locks just before
   * it committed, and the longest wait among them.
   */
  public HealthDecision blocked(int sessions, Duration longestWait) {
    if (sessions == 0 || longestWait.compareTo(config.blockedWait()) < 0) {
      blockedStreak = 0;
      return HealthDecision.GO;
    }
    blockedStreak++;
    String what =
        sessions
            + " application session(s) waited up to "
            + longestWait.toMillis()
            + " ms on the backfill's row locks";
    if (blockedStreak >= config.blockedBatchesToHold()) {
      blockedStreak = 0;
      return new HealthDecision.Hold(
          what + " in " + config.blockedBatchesToHold() + " batches in a row",
          config.blockedHold());
    }
    return new HealthDecision.SlowDown(what);
  }

  public HealthDecision window(Instant now) {
    if (config.windows().allows(now)) {
      return HealthDecision.GO;
    }
    Duration wait = config.windows().untilOpen(now).orElse(Duration.ofHours(1));
    return new HealthDecision.Hold("outside the allowed time windows", wait);
  }
}
