package dev.migrationbot.rollout.engine;

import dev.migrationbot.analyzer.Phase;
import dev.migrationbot.rollout.backfill.EtaRange;
import dev.migrationbot.rollout.port.JobStatus;
import dev.migrationbot.rollout.port.RolloutState;
import dev.migrationbot.rollout.port.StepStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where a rollout stands, for status comments and reports. */
public record RolloutProgress(
    String rolloutId,
    RolloutState state,
    Optional<String> lastError,
    List<Step> steps,
    List<Job> jobs) {

  public RolloutProgress {
    steps = List.copyOf(steps);
    jobs = List.copyOf(jobs);
  }

  public record Step(
      String id,
      Phase phase,
      String description,
      StepStatus status,
      int attempts,
      Optional<String> lastError) {}

  /**
   * One backfill job.
   *
   * @param percent of the estimated total, when there is an estimate
   */
  public record Job(
      String stepId,
      int round,
      String table,
      JobStatus status,
      String unit,
      long scanned,
      long updated,
      Optional<Long> estimatedTotal,
      Optional<Double> percent,
      Optional<String> holdReason,
      Optional<Instant> holdUntil,
      boolean pauseRequested,
      Optional<String> lastError,
      Optional<EtaRange> eta) {}
}
