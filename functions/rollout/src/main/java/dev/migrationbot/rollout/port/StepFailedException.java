package dev.migrationbot.rollout.port;

import java.util.Optional;

/**
 * A step cannot complete as planned and retrying it unchanged will not help: the message says what
 * happened, where, and what to do. The rollout stops; nothing is left half-applied.
 */
public class StepFailedException extends RuntimeException {

  private final String rolloutId;
  private final Optional<String> stepId;

  public StepFailedException(String rolloutId, Optional<String> stepId, String message) {
    super(message);
    this.rolloutId = rolloutId;
    this.stepId = stepId;
  }

  public StepFailedException(String rolloutId, String stepId, String message) {
    this(rolloutId, Optional.of(stepId), message);
  }

  public String rolloutId() {
    return rolloutId;
  }

  public Optional<String> stepId() {
    return stepId;
  }
}
