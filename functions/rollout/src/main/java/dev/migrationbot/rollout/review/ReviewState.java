package dev.migrationbot.rollout.review;

import dev.migrationbot.rollout.command.Approval;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the bot remembers about a pull request between deliveries, kept (signed) in its own comment:
 * approvals with the fingerprint each was given for, the fingerprint and head of the last analysis,
 * and the rollout it started. Stored where reviewers can audit it, it survives restarts and needs
 * no database reachable from the webhook.
 *
 * @param rolloutExecution the Step Functions execution of the rollout, once started
 */
public record ReviewState(
    Optional<String> fingerprint,
    Optional<String> headSha,
    List<Approval> approvals,
    Optional<String> rolloutExecution) {

  public static final ReviewState EMPTY =
      new ReviewState(Optional.empty(), Optional.empty(), List.of(), Optional.empty());

  public ReviewState {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(headSha, "headSha");
    approvals = List.copyOf(approvals);
    Objects.requireNonNull(rolloutExecution, "rolloutExecution");
  }

  public ReviewState analysed(String newFingerprint, String newHead) {
    return new ReviewState(
        Optional.of(newFingerprint), Optional.of(newHead), approvals, rolloutExecution);
  }

  /** Records an approval; the person's earlier one is replaced. */
  public ReviewState approve(Approval approval) {
    List<Approval> next = new ArrayList<>(withoutApprovalOf(approval.login()).approvals);
    next.add(approval);
    return new ReviewState(fingerprint, headSha, next, rolloutExecution);
  }

  public ReviewState withoutApprovalOf(String login) {
    List<Approval> next = new ArrayList<>(approvals);
    next.removeIf(a -> a.login().equalsIgnoreCase(login));
    return new ReviewState(fingerprint, headSha, next, rolloutExecution);
  }

  public ReviewState rolloutStarted(String execution) {
    return new ReviewState(fingerprint, headSha, approvals, Optional.of(execution));
  }
}
