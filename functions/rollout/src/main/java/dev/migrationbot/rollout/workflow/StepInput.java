package dev.migrationbot.rollout.workflow;

import dev.migrationbot.rollout.port.NewRollout;
import dev.migrationbot.rollout.port.RepositoryRef;
import dev.migrationbot.rollout.port.RolloutRequest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What every step of the rollout workflow receives: the merge it rolls out (the execution's input)
 * and what earlier steps of the same execution passed on.
 *
 * @param request the rollout the merge started
 * @param deploySince when the wait for the application deploy began, once it has
 * @param failure the error the workflow caught, for the failure report
 */
public record StepInput(
    RolloutRequest request, Optional<Instant> deploySince, Optional<Failure> failure) {

  public StepInput {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(deploySince, "deploySince");
    Objects.requireNonNull(failure, "failure");
  }

  /**
   * An error caught by the workflow, as Step Functions passes it on.
   *
   * @param error the error name, e.g. {@code dev.migrationbot.rollout.port.StepFailedException}
   * @param cause the error's message (for a Lambda error, its JSON)
   */
  public record Failure(String error, String cause) {
    public Failure {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(cause, "cause");
    }
  }

  public RepositoryRef repository() {
    return request.repository();
  }

  /** The id the rollout is recorded under; the same for every step and every retry. */
  public String rolloutId() {
    return NewRollout.idOf(
        request.repository().fullName(), request.pullRequest(), request.mergeSha());
  }
}
