package dev.migrationbot.rollout.report;

import dev.migrationbot.analyzer.Phase;
import dev.migrationbot.rollout.plan.AppliedCheck;
import dev.migrationbot.rollout.plan.BackfillSpec;
import dev.migrationbot.rollout.plan.Gate;
import dev.migrationbot.rollout.plan.PlanStep;
import dev.migrationbot.rollout.plan.Refusal;
import dev.migrationbot.rollout.plan.RetryPolicy;
import dev.migrationbot.rollout.plan.RolloutPlan;
import dev.migrationbot.rollout.plan.StepAction;
import java.time.Duration;
import java.util.List;

/**
 * The rollout plan as Markdown: what reviewers approve. Every step with its phase, the gate before
 * it, how it runs (transaction, lock timeout, retry budget) and its exact SQL; rewritten statements
 * show the original next to the safe form; refusals say why and how to do it by hand.
 */
public final class PlanMarkdown {

  private PlanMarkdown() {}

  public static String render(RolloutPlan plan) {
    return render(plan, true);
  }

  /**
   * @param withSql false for the short form (refusals and the step table): used when a pull request
   *     comment would exceed GitHub's size limit
   */
  public static String render(RolloutPlan plan, boolean withSql) {
    StringBuilder out = new StringBuilder();
    if (!plan.refusals().isEmpty()) {
      out.append("**The plan cannot run yet:** ")
          .append(plan.refusals().size())
          .append(plan.refusals().size() == 1 ? " statement needs" : " statements need")
          .append(" a manual change.\n\n");
      for (Refusal r : plan.refusals()) {
        out.append("- 🛑 `")
            .append(r.file())
            .append("` line ")
            .append(r.line())
            .append(": ")
            .append(r.reason())
            .append(".\n  <details><summary>Do it safely by hand</summary>\n\n  ```sql\n");
        for (String line : r.recipe().split("\n")) {
          out.append("  ").append(line).append('\n');
        }
        out.append("  ```\n  </details>\n");
      }
      out.append('\n');
    }
    if (plan.steps().isEmpty()) {
      out.append("_No steps._\n");
      return out.toString();
    }
    out.append("| Step | Gate | What | Runs |\n| --- | --- | --- | --- |\n");
    for (PlanStep step : plan.steps()) {
      out.append("| `")
          .append(step.id())
          .append("` | ")
          .append(gate(step.gate()))
          .append(" | ")
          .append(step.description().replace("|", "\\|"))
          .append(" | ")
          .append(runs(step))
          .append(" |\n");
    }
    out.append('\n');
    if (!withSql) {
      return out.toString();
    }
    for (Phase phase : Phase.values()) {
      List<PlanStep> steps = plan.phase(phase);
      if (steps.isEmpty()) {
        continue;
      }
      out.append("<details><summary>")
          .append(phase.displayName())
          .append(": SQL of ")
          .append(steps.size())
          .append(steps.size() == 1 ? " step" : " steps")
          .append("</summary>\n\n");
      for (PlanStep step : steps) {
        out.append("`")
            .append(step.id())
            .append("` ")
            .append(step.description())
            .append("\n\n```sql\n");
        out.append(sql(step.action())).append("\n```\n");
        step.source()
            .originalSql()
            .ifPresent(
                original ->
                    out.append("Rewritten from `")
                        .append(step.source().file())
                        .append("` line ")
                        .append(step.source().line())
                        .append(":\n```sql\n")
                        .append(original)
                        .append("\n```\n"));
        out.append('\n');
      }
      out.append("</details>\n\n");
    }
    return out.toString();
  }

  /** The SQL a step runs, as it would be typed in psql. */
  public static String sql(StepAction action) {
    if (action instanceof StepAction.Ddl ddl) {
      String body = String.join(";\n", ddl.statements()) + ";";
      return ddl.transactional() && ddl.statements().size() > 1
          ? "BEGIN;\n" + body + "\nCOMMIT;"
          : body;
    }
    if (action instanceof StepAction.Backfill backfill) {
      return backfillSql(backfill.spec());
    }
    StepAction.Validate validate = (StepAction.Validate) action;
    return "ALTER TABLE "
        + validate.table().sql()
        + " VALIDATE CONSTRAINT "
        + dev.migrationbot.analyzer.Identifiers.quote(validate.constraint())
        + ";"
        + validate
            .sweep()
            .map(s -> "\n-- if rows written meanwhile violate it, first:\n" + backfillSql(s))
            .orElse("");
  }

  private static String backfillSql(BackfillSpec spec) {
    StringBuilder s =
        new StringBuilder("-- in keyset batches of ~200 ms, resumable, throttled:\nUPDATE ");
    s.append(spec.table().sql()).append(" SET ");
    s.append(
        String.join(
            ", ",
            spec.assignments().stream()
                .map(
                    a ->
                        dev.migrationbot.analyzer.Identifiers.quote(a.column())
                            + " = "
                            + a.valueSql())
                .toList()));
    s.append("\n WHERE <key> > $cursor AND <key> <= $next");
    for (BackfillSpec.Assignment a : spec.assignments()) {
      String column = dev.migrationbot.analyzer.Identifiers.quote(a.column());
      s.append(
          spec.mode() == BackfillSpec.Mode.FILL_NULLS
              ? "\n   AND " + column + " IS NULL"
              : "\n   AND " + column + " IS DISTINCT FROM (" + a.valueSql() + ")");
    }
    spec.condition().ifPresent(c -> s.append("\n   AND (").append(c).append(")"));
    return s.append(';').toString();
  }

  private static String gate(Gate gate) {
    return switch (gate) {
      case NONE -> "";
      case DEPLOY_SEEN -> "⏳ deploy seen";
      case BACKFILL_DONE -> "⏳ backfill done";
      case CONTRACT_APPROVED -> "✋ `/migration contract`";
    };
  }

  private static String runs(PlanStep step) {
    if (step.action() instanceof StepAction.Backfill) {
      return "keyset batches sized to ~200 ms, lock_timeout 1 s each, paced and resumable";
    }
    RetryPolicy r = step.retry();
    String where =
        step.action() instanceof StepAction.Ddl ddl && !ddl.transactional()
            ? "outside a transaction"
            : "one transaction";
    String applied =
        step.action() instanceof StepAction.Ddl ddl && ddl.applied().isPresent()
            ? ", skipped if " + applied(ddl.applied().get())
            : "";
    return where
        + ", lock_timeout "
        + millis(r.lockTimeout())
        + ", retried ≤ "
        + minutes(r.budget())
        + applied;
  }

  private static String applied(AppliedCheck check) {
    if (check instanceof AppliedCheck.ColumnExists c) {
      return "the column exists";
    }
    if (check instanceof AppliedCheck.IndexValid) {
      return "a valid index exists";
    }
    if (check instanceof AppliedCheck.ConstraintExists) {
      return "the constraint exists";
    }
    if (check instanceof AppliedCheck.TableExists) {
      return "the table exists";
    }
    return "already applied";
  }

  private static String millis(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static String minutes(Duration d) {
    return d.toMinutes() + " min";
  }
}
