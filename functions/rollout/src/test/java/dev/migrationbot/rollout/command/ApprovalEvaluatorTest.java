package dev.migrationbot.rollout.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.rollout.command.ApprovalDecision.Excluded;
import dev.migrationbot.rollout.command.ApprovalDecision.Reason;
import dev.migrationbot.rollout.config.ApprovalPolicy;
import dev.migrationbot.rollout.port.Permission;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ApprovalEvaluatorTest {

  private static final String NOW = "f1f1f1f1f1f1f1f1";
  private static final String BEFORE = "e0e0e0e0e0e0e0e0";
  private static final String AUTHOR = "alice";
  private static final ApprovalPolicy TEAM_POLICY =
      new ApprovalPolicy(
          Map.of(Severity.ERROR, 1), EnumSet.of(Permission.ADMIN), Set.of("acme/dba"), false);
  private static final ApprovalPolicy SELF_ALLOWED =
      new ApprovalPolicy(
          ApprovalPolicy.DEFAULT.required(), ApprovalPolicy.DEFAULT.permissions(), Set.of(), true);

  /**
   * @param counted logins whose approval counts
   * @param excluded login=reason for stale and not-counted approvals
   */
  record Case(
      String name,
      List<Approval> approvals,
      ApprovalPolicy policy,
      Optional<Severity> severity,
      int required,
      List<String> counted,
      Map<String, Reason> excluded,
      boolean satisfied) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
            new Case(
                "no findings need no approval",
                List.of(),
                ApprovalPolicy.DEFAULT,
                Optional.empty(),
                0,
                List.of(),
                Map.of(),
                true),
            new Case(
                "info needs none by default",
                List.of(),
                ApprovalPolicy.DEFAULT,
                Optional.of(Severity.INFO),
                0,
                List.of(),
                Map.of(),
                true),
            new Case(
                "a warning needs one writer",
                List.of(approval("bob", Permission.WRITE, NOW, 1)),
                ApprovalPolicy.DEFAULT,
                Optional.of(Severity.WARNING),
                1,
                List.of("bob"),
                Map.of(),
                true),
            new Case(
                "an error needs two",
                List.of(approval("bob", Permission.MAINTAIN, NOW, 1)),
                ApprovalPolicy.DEFAULT,
                Optional.of(Severity.ERROR),
                2,
                List.of("bob"),
                Map.of(),
                false),
            new Case(
                "the author's own approval does not count",
                List.of(
                    approval("Alice", Permission.ADMIN, NOW, 1),
                    approval("bob", Permission.WRITE, NOW, 2)),
                ApprovalPolicy.DEFAULT,
                Optional.of(Severity.ERROR),
                2,
                List.of("bob"),
                Map.of("Alice", Reason.SELF_APPROVAL),
                false),
            new Case(
                "self-approval when the policy allows it",
                List.of(approval("alice", Permission.WRITE, NOW, 1)),
                SELF_ALLOWED,
                Optional.of(Severity.WARNING),
                1,
                List.of("alice"),
                Map.of(),
                true),
            new Case(
                "read and triage roles do not count",
                List.of(
                    approval("carol", Permission.READ, NOW, 1),
                    approval("dave", Permission.TRIAGE, NOW, 2)),
                ApprovalPolicy.DEFAULT,
                Optional.of(Severity.WARNING),
                1,
                List.of(),
                Map.of(
                    "carol",
                    Reason.INSUFFICIENT_PERMISSION,
                    "dave",
                    Reason.INSUFFICIENT_PERMISSION),
                false),
            new Case(
                "a team member counts whatever the role",
                List.of(approval("erin", Permission.READ, NOW, 1, "acme/DBA")),
                TEAM_POLICY,
                Optional.of(Severity.ERROR),
                1,
                List.of("erin"),
                Map.of(),
                true),
            new Case(
                "outside the named team a writer does not count",
                List.of(approval("bob", Permission.WRITE, NOW, 1)),
                TEAM_POLICY,
                Optional.of(Severity.ERROR),
                1,
                List.of(),
                Map.of("bob", Reason.INSUFFICIENT_PERMISSION),
                false),
            new Case(
                "an approval of other migration contents is stale",
                List.of(
                    approval("bob", Permission.WRITE, BEFORE, 1),
                    approval("frank", Permission.WRITE, NOW, 2)),
                ApprovalPolicy.DEFAULT,
                Optional.of(Severity.ERROR),
                2,
                List.of("frank"),
                Map.of("bob", Reason.STALE),
                false),
            new Case(
                "approving again after a change counts once",
                List.of(
                    approval("bob", Permission.WRITE, BEFORE, 1),
                    approval("BOB", Permission.WRITE, NOW, 2)),
                ApprovalPolicy.DEFAULT,
                Optional.of(Severity.WARNING),
                1,
                List.of("BOB"),
                Map.of(),
                true),
            new Case(
                "the latest approval of a person stands",
                List.of(
                    approval("bob", Permission.WRITE, BEFORE, 5),
                    approval("bob", Permission.WRITE, NOW, 3)),
                ApprovalPolicy.DEFAULT,
                Optional.of(Severity.WARNING),
                1,
                List.of(),
                Map.of("bob", Reason.STALE),
                false),
            new Case(
                "a stale self-approval is reported as a self-approval",
                List.of(approval("alice", Permission.WRITE, BEFORE, 1)),
                ApprovalPolicy.DEFAULT,
                Optional.of(Severity.WARNING),
                1,
                List.of(),
                Map.of("alice", Reason.SELF_APPROVAL),
                false))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void appliesThePolicy(Case c) {
    ApprovalDecision decision =
        ApprovalEvaluator.evaluate(c.approvals(), AUTHOR, c.policy(), NOW, c.severity());

    assertThat(decision.required()).isEqualTo(c.required());
    assertThat(decision.counted())
        .extracting(Approval::login)
        .containsExactlyElementsOf(c.counted());
    assertThat(
            Stream.concat(decision.stale().stream(), decision.notCounted().stream())
                .collect(Collectors.toMap(e -> e.approval().login(), Excluded::reason)))
        .isEqualTo(c.excluded());
    assertThat(decision.stale()).allMatch(e -> e.reason() == Reason.STALE);
    assertThat(decision.notCounted()).noneMatch(e -> e.reason() == Reason.STALE);
    assertThat(decision.satisfied()).isEqualTo(c.satisfied());
    assertThat(decision.missing()).isEqualTo(Math.max(0, c.required() - c.counted().size()));
  }

  @Test
  void staleApprovalsSayWhoseAndWhy() {
    ApprovalDecision decision =
        ApprovalEvaluator.evaluate(
            List.of(approval("bob", Permission.WRITE, BEFORE, 1)),
            AUTHOR,
            ApprovalPolicy.DEFAULT,
            NOW,
            Optional.of(Severity.WARNING));

    assertThat(decision.stale().get(0).explanation())
        .isEqualTo(
            "@bob approved the migrations at 0123456 (fingerprint e0e0e0e0e0e0); they changed"
                + " since (now f1f1f1f1f1f1), so the approval no longer counts: @bob can approve"
                + " again with `/migration approve`.");
  }

  @Test
  void insufficientPermissionSaysWhoCounts() {
    ApprovalDecision decision =
        ApprovalEvaluator.evaluate(
            List.of(approval("carol", Permission.READ, NOW, 1)),
            AUTHOR,
            new ApprovalPolicy(
                Map.of(Severity.WARNING, 1),
                EnumSet.of(Permission.ADMIN, Permission.MAINTAIN),
                Set.of("acme/dba", "acme/sre"),
                false),
            NOW,
            Optional.of(Severity.WARNING));

    assertThat(decision.notCounted().get(0).explanation())
        .isEqualTo(
            "@carol has the read role; approvals count from people with the admin or maintain"
                + " roles, or members of acme/dba or acme/sre.");
  }

  @Test
  void selfApprovalSaysHowToAllowIt() {
    ApprovalDecision decision =
        ApprovalEvaluator.evaluate(
            List.of(approval("alice", Permission.ADMIN, NOW, 1)),
            AUTHOR,
            ApprovalPolicy.DEFAULT,
            NOW,
            Optional.of(Severity.ERROR));

    assertThat(decision.notCounted().get(0).explanation())
        .contains("@alice wrote these migrations")
        .contains("`approvals.self-approval: false`");
  }

  private static Approval approval(
      String login, Permission permission, String fingerprint, int minute, String... teams) {
    return new Approval(
        login,
        Instant.parse("2026-11-25T10:00:00Z").plusSeconds(60L * minute),
        permission,
        Set.of(teams),
        fingerprint,
        "0123456789abcdef0123456789abcdef01234567",
        Optional.empty());
  }
}
