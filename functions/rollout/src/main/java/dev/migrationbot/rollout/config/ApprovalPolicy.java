package dev.migrationbot.rollout.config;

import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.rollout.port.Permission;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who must approve a pull request's migrations before they roll out.
 *
 * @param required approvals needed, by the highest severity among the findings; a severity that is
 *     not listed needs none
 * @param permissions repository roles whose approval counts (exactly these; list every role meant)
 * @param teams teams, as {@code org/team-slug}, whose members' approval counts whatever their role
 * @param selfApproval whether the pull request's author may approve their own migrations
 */
public record ApprovalPolicy(
    Map<Severity, Integer> required,
    Set<Permission> permissions,
    Set<String> teams,
    boolean selfApproval) {

  public static final ApprovalPolicy DEFAULT =
      new ApprovalPolicy(
          Map.of(Severity.ERROR, 2, Severity.WARNING, 1, Severity.INFO, 0),
          EnumSet.of(Permission.ADMIN, Permission.MAINTAIN, Permission.WRITE),
          Set.of(),
          false);

  public ApprovalPolicy {
    Map<Severity, Integer> copy = new EnumMap<>(Severity.class);
    copy.putAll(required);
    copy.values()
        .forEach(
            n -> {
              if (n < 0) {
                throw new IllegalArgumentException("approvals required cannot be negative: " + n);
              }
            });
    required = Map.copyOf(copy);
    permissions = Set.copyOf(permissions);
    teams = Set.copyOf(teams);
  }

  /** Approvals needed when the most severe finding has {@code highest} severity (none: 0). */
  public int requiredFor(Optional<Severity> highest) {
    Objects.requireNonNull(highest, "highest");
    return highest.map(s -> required.getOrDefault(s, 0)).orElse(0);
  }
}
