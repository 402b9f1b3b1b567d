package dev.migrationbot.rollout.event;

import dev.migrationbot.rollout.port.RepositoryRef;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A pull request was opened, updated, reopened or closed.
 *
 * @param repository the base repository, with the App installation of the delivery
 * @param author the pull request author's login
 * @param headSha the head commit the analysis and the check run are about
 * @param headRepository the head repository's {@code owner/name}; empty when the fork was deleted
 * @param baseRef the base branch, where the configuration is read from
 * @param baseSha the base branch's commit when the event was sent
 * @param merged whether a {@code closed} pull request was merged
 * @param mergeCommitSha the merge commit of a merged pull request
 */
public record PullRequestEvent(
    String deliveryId,
    Action action,
    RepositoryRef repository,
    int number,
    String author,
    String headSha,
    Optional<String> headRepository,
    String baseRef,
    String baseSha,
    boolean merged,
    Optional<String> mergeCommitSha)
    implements WebhookEvent {

  public PullRequestEvent {
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(headSha, "headSha");
    Objects.requireNonNull(headRepository, "headRepository");
    Objects.requireNonNull(baseRef, "baseRef");
    Objects.requireNonNull(baseSha, "baseSha");
    Objects.requireNonNull(mergeCommitSha, "mergeCommitSha");
    if (merged && mergeCommitSha.isEmpty()) {
      throw new IllegalArgumentException("a merged pull request has a merge commit");
    }
  }

  /**
   * Whether the changes come from another repository. Code from a fork is untrusted: it is analysed
   * statically and never run against a database with the bot's credentials. A deleted fork counts
   * as a fork.
   */
  public boolean fromFork() {
    return headRepository.map(h -> !h.equalsIgnoreCase(repository.fullName())).orElse(true);
  }

  public OptionalLong installationId() {
    return repository.installationId();
  }

  /** The {@code pull_request} actions the bot acts on. */
  public enum Action {
    OPENED,
    SYNCHRONIZE,
    REOPENED,
    CLOSED;

    public static Optional<Action> fromApi(String action) {
      for (Action a : values()) {
        if (a.name().equals(action.toUpperCase(Locale.ROOT))) {
          return Optional.of(a);
        }
      }
      return Optional.empty();
    }
  }
}
