package dev.migrationbot.rollout.port;

import dev.migrationbot.rollout.plan.RolloutPlan;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A merged migration to roll out.
 *
 * @param repository {@code owner/name}
 * @param pullRequest the pull request number
 * @param mergeSha the merge commit
 * @param fingerprint what reviewers approved (a digest of the migration files)
 * @param plan the compiled plan; it must be executable
 */
public record NewRollout(
    String repository, int pullRequest, String mergeSha, String fingerprint, RolloutPlan plan) {

  public NewRollout {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(mergeSha, "mergeSha");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(plan, "plan");
    if (!plan.executable()) {
      throw new IllegalArgumentException(
          "the plan of "
              + repository
              + "#"
              + pullRequest
              + " refuses "
              + plan.refusals().size()
              + " statement(s); only an executable plan can be rolled out");
    }
  }

  /**
   * The rollout's id, the same for every delivery of the same merge, e.g. {@code
   * acme/shop#42@1a2b3c4d5e6f}: a duplicated start finds the rollout it already recorded.
   */
  public String id() {
    return idOf(repository, pullRequest, mergeSha);
  }

  /** The id {@link #id()} gives the rollout of this merge. */
  public static String idOf(String repository, int pullRequest, String mergeSha) {
    String sha = mergeSha.length() > 12 ? mergeSha.substring(0, 12) : mergeSha;
    String id = repository + "#" + pullRequest + "@" + sha;
    if (id.length() <= 100) {
      return id;
    }
    return HexFormat.of().formatHex(id.getBytes(StandardCharsets.UTF_8)).substring(0, 100);
  }
}
