package dev.migrationbot.rollout.port;

import dev.migrationbot.rollout.plan.PlanStep;
import dev.migrationbot.rollout.plan.RolloutPlan;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A rollout as recorded in the target database. */
public record StoredRollout(
    String id,
    String repository,
    int pullRequest,
    String mergeSha,
    String fingerprint,
    RolloutPlan plan,
    RolloutState state,
    List<StepRecord> steps,
    Instant createdAt,
    Optional<String> lastError) {

  public StoredRollout {
    steps = List.copyOf(steps);
  }

  public StepRecord step(String stepId) {
    return steps.stream()
        .filter(s -> s.stepId().equals(stepId))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "rollout " + id + " has no execution record for step " + stepId));
  }

  public PlanStep planStep(String stepId) {
    return plan.steps().stream()
        .filter(s -> s.id().equals(stepId))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("rollout " + id + " has no step " + stepId));
  }
}
