package dev.migrationbot.rollout.port;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A GitHub deployment of a commit to an environment, with its most recent status.
 *
 * @param latestState empty when no status was reported yet
 */
public record Deployment(
    long id, String sha, String environment, Instant createdAt, Optional<State> latestState) {

  public Deployment {
    Objects.requireNonNull(sha, "sha");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(latestState, "latestState");
  }

  public boolean succeeded() {
    return latestState.filter(s -> s == State.SUCCESS).isPresent();
  }

  /** GitHub's deployment status states. */
  public enum State {
    ERROR,
    FAILURE,
    INACTIVE,
    IN_PROGRESS,
    QUEUED,
    PENDING,
    SUCCESS;

    public static State fromApi(String state) {
      return valueOf(state.toUpperCase(Locale.ROOT));
    }
  }
}
