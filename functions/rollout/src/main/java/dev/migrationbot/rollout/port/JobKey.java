package dev.migrationbot.rollout.port;

import java.util.Objects;

/**
 * Identifies a backfill job: the step it belongs to and, for the sweeps a VALIDATE step runs after
 * finding violating rows, the round (0 for the step's own backfill).
 */
public record JobKey(String rolloutId, String stepId, int round) {
  public JobKey {
    Objects.requireNonNull(rolloutId, "rolloutId");
    Objects.requireNonNull(stepId, "stepId");
  }

  public String label() {
    return stepId + (round == 0 ? "" : "/sweep-" + round);
  }
}
