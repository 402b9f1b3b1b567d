package dev.migrationbot.rollout.command;

import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.rollout.command.ApprovalDecision.Excluded;
import dev.migrationbot.rollout.command.ApprovalDecision.Reason;
import dev.migrationbot.rollout.config.ApprovalPolicy;
import dev.migrationbot.rollout.port.Permission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Applies a repository's approval policy to the approvals recorded on a pull request. */
public final class ApprovalEvaluator {

  private static final int SHORT = 7;

  private ApprovalEvaluator() {}

  /**
   * @param approvals every approval recorded; when a person approved several times, the latest one
   *     stands
   * @param author the pull request's author
   * @param policy the base branch's approval policy
   * @param fingerprint the fingerprint of the migrations as they are now
   * @param highestSeverity the most severe finding now; empty when there is none
   */
  public static ApprovalDecision evaluate(
      Collection<Approval> approvals,
      String author,
      ApprovalPolicy policy,
      String fingerprint,
      Optional<Severity> highestSeverity) {
    List<Approval> counted = new ArrayList<>();
    List<Excluded> stale = new ArrayList<>();
    List<Excluded> notCounted = new ArrayList<>();
    for (Approval approval : latestPerPerson(approvals)) {
      String who = "@" + approval.login();
      // Reasons that never go away come first: telling a read-only user to approve again would
      // only mislead.
      if (!policy.selfApproval() && sameLogin(approval.login(), author)) {
        notCounted.add(
            new Excluded(
                approval,
                Reason.SELF_APPROVAL,
                who
                    + " wrote these migrations; the policy needs approvals from someone else"
                    + " (`approvals.self-approval: false`)."));
      } else if (!counts(approval, policy)) {
        notCounted.add(
            new Excluded(
                approval,
                Reason.INSUFFICIENT_PERMISSION,
                who
                    + " has the "
                    + approval.permission().displayName()
                    + " role; approvals count from "
                    + whoCounts(policy)
                    + "."));
      } else if (!approval.fingerprint().equals(fingerprint)) {
        stale.add(
            new Excluded(
                approval,
                Reason.STALE,
                who
                    + " approved the migrations at "
                    + shortSha(approval.headSha())
                    + " (fingerprint "
                    + shorten(approval.fingerprint())
                    + "); they changed since (now "
                    + shorten(fingerprint)
                    + "), so the approval no longer counts: "
                    + who
                    + " can approve again with `/migration approve`."));
      } else {
        counted.add(approval);
      }
    }
    return new ApprovalDecision(
        highestSeverity, policy.requiredFor(highestSeverity), counted, stale, notCounted);
  }

  /**
   * Who the policy counts, in words: {@code people with the admin, maintain or write role, or
   * members of acme/dba}.
   */
  public static String whoCounts(ApprovalPolicy policy) {
    List<String> parts = new ArrayList<>();
    if (!policy.permissions().isEmpty()) {
      parts.add(
          "people with the "
              + orList(policy.permissions().stream().sorted().map(Permission::displayName).toList())
              + (policy.permissions().size() == 1 ? " role" : " roles"));
    }
    if (!policy.teams().isEmpty()) {
      parts.add("members of " + orList(policy.teams().stream().sorted().toList()));
    }
    return parts.isEmpty() ? "nobody" : String.join(", or ", parts);
  }

  private static String orList(List<String> items) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " or "
        + items.get(items.size() - 1);
  }

  private static boolean counts(Approval approval, ApprovalPolicy policy) {
    return policy.permissions().contains(approval.permission())
        || approval.teams().stream()
            .anyMatch(t -> policy.teams().stream().anyMatch(p -> p.equalsIgnoreCase(t)));
  }

  private static List<Approval> latestPerPerson(Collection<Approval> approvals) {
    Map<String, Approval> latest = new LinkedHashMap<>();
    approvals.stream()
        .sorted(Comparator.comparing(Approval::at))
        .forEach(a -> latest.put(a.login().toLowerCase(Locale.ROOT), a));
    return List.copyOf(latest.values());
  }

  private static boolean sameLogin(String a, String b) {
    return a.equalsIgnoreCase(b);
  }

  private static String shortSha(String sha) {
    return sha.length() > SHORT ? sha.substring(0, SHORT) : sha;
  }

  private static String shorten(String fingerprint) {
    return fingerprint.length() > 12 ? fingerprint.substring(0, 12) : fingerprint;
  }
}
