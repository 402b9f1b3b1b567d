package dev.migrationbot.rollout.command;

import dev.migrationbot.analyzer.Severity;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a pull request stands with its approvals.
 *
 * @param highestSeverity the most severe finding of the migrations; empty when there is none
 * @param required approvals the policy asks for at that severity
 * @param counted approvals that count, one per person
 * @param stale approvals of an earlier version of the migrations
 * @param notCounted approvals that never count: self-approvals and approvers without the role
 */
public record ApprovalDecision(
    Optional<Severity> highestSeverity,
    int required,
    List<Approval> counted,
    List<Excluded> stale,
    List<Excluded> notCounted) {

  public ApprovalDecision {
    Objects.requireNonNull(highestSeverity, "highestSeverity");
    counted = List.copyOf(counted);
    stale = List.copyOf(stale);
    notCounted = List.copyOf(notCounted);
  }

  public int given() {
    return counted.size();
  }

  public int missing() {
    return Math.max(0, required - given());
  }

  public boolean satisfied() {
    return given() >= required;
  }

  /**
   * An approval that does not count, and why, in words for the pull request comment.
   *
   * @param explanation e.g. {@code @bob approved 1a2b3c4 but the migrations changed since: ...}
   */
  public record Excluded(Approval approval, Reason reason, String explanation) {
    public Excluded {
      Objects.requireNonNull(approval, "approval");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(explanation, "explanation");
    }
  }

  public enum Reason {
    /** The approval is for other migration contents than the current ones. */
    STALE,
    /** The pull request's author approved their own migrations and the policy forbids it. */
    SELF_APPROVAL,
    /** The approver has neither a counted role nor a counted team. */
    INSUFFICIENT_PERMISSION
  }
}
