package dev.migrationbot.rollout.port;

import java.util.Optional;

/** The rollout was cancelled on request; the workflow stops and reports where it stood. */
public final class RolloutCancelledException extends StepFailedException {

  public RolloutCancelledException(String rolloutId, Optional<String> stepId, String message) {
    super(rolloutId, stepId, message);
  }
}
