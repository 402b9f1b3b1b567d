package dev.migrationbot.rollout.engine;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What an expand or contract invocation reports to the workflow.
 *
 * @param status {@code done}, or {@code continue}: call again after {@code waitSeconds}
 * @param stepId the step that is waiting, when continuing
 * @param message for people: what it waits for
 */
public record PhaseResult(
    Status status, long waitSeconds, Optional<String> stepId, String message) {

  public enum Status {
    DONE,
    CONTINUE;

    /** As the workflow's Choice states compare it. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static PhaseResult done(String message) {
    return new PhaseResult(Status.DONE, 0, Optional.empty(), message);
  }

  public static PhaseResult continueAfter(Duration wait, String stepId, String message) {
    return new PhaseResult(Status.CONTINUE, seconds(wait), Optional.of(stepId), message);
  }

  /** Whole seconds for a workflow Wait state, rounded up. */
  static long seconds(Duration wait) {
    long s = wait.toSeconds();
    return wait.toNanos() > s * 1_000_000_000L ? s + 1 : s;
  }
}
