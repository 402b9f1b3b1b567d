package dev.migrationbot.rollout.port;

import dev.migrationbot.rollout.backfill.ControllerState;
import java.time.Instant;
import java.util.Optional;

/** What a slice leaves the job as when it gives up its lease. */
public record JobTransition(
    JobStatus status,
    Optional<Instant> holdUntil,
    Optional<String> reason,
    ControllerState controller,
    Optional<String> error,
    Optional<String> failedKey) {

  public static JobTransition running(ControllerState controller) {
    return new JobTransition(
        JobStatus.RUNNING,
        Optional.empty(),
        Optional.empty(),
        controller,
        Optional.empty(),
        Optional.empty());
  }
}
