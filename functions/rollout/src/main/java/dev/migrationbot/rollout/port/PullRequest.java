package dev.migrationbot.rollout.port;

import java.util.Objects;
import java.util.Optional;

/**
 * A pull request as it is now: comment commands need its head and author, which the comment's
 * webhook does not carry.
 *
 * @param headRepository the head repository's full name; empty when the fork was deleted
 * @param mergeCommitSha the merge commit once merged
 */
public record PullRequest(
    int number,
    String author,
    String headSha,
    Optional<String> headRepository,
    String baseRef,
    boolean open,
    boolean merged,
    Optional<String> mergeCommitSha) {

  public PullRequest {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(headSha, "headSha");
    Objects.requireNonNull(headRepository, "headRepository");
    Objects.requireNonNull(baseRef, "baseRef");
    Objects.requireNonNull(mergeCommitSha, "mergeCommitSha");
  }

  /**
   * Whether the changes come from another repository (whose authors must not reach our database).
   */
  public boolean fromFork(RepositoryRef base) {
    return headRepository.map(h -> !h.equalsIgnoreCase(base.fullName())).orElse(true);
  }
}
