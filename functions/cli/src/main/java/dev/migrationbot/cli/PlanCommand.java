package dev.migrationbot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrationbot.analyzer.Analysis;
import dev.migrationbot.analyzer.AnalysisContext;
import dev.migrationbot.analyzer.Analyzer;
import dev.migrationbot.analyzer.MigrationFile;
import dev.migrationbot.analyzer.TransactionMode;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.rollout.plan.AppliedCheck;
import dev.migrationbot.rollout.plan.BackfillSpec;
import dev.migrationbot.rollout.plan.PlanStep;
import dev.migrationbot.rollout.plan.Planner;
import dev.migrationbot.rollout.plan.PlannerOptions;
import dev.migrationbot.rollout.plan.Refusal;
import dev.migrationbot.rollout.plan.RolloutPlan;
import dev.migrationbot.rollout.plan.StepAction;
import dev.migrationbot.rollout.report.PlanMarkdown;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code migration-bot plan}: the steps a migration compiles to, as reviewers will approve them.
 */
final class PlanCommand implements Command {

  @Override
  public String name() {
    return "plan";
  }

  @Override
  public String summary() {
    return "compile migrations into expand / backfill / contract steps with safe rewrites";
  }

  @Override
  public String usage() {
    return """
        Usage: migration-bot plan [options] PATH...

        Prints the rollout plan: every step with its phase, the gate before it, whether it
        runs in a transaction, its lock timeout and retry budget, and its SQL; statements
        rewritten into a safe form show the original; statements that cannot be made safe
        automatically are listed with the manual recipe.

        Options:
          --format markdown|json              output format (default markdown)
          --pg-version N                      target PostgreSQL major, %d to %d (default 16)
          --transaction per-file|per-statement|none
                                              how your runner wraps statements (default per-file)
          --schema FILE                       SQL of the schema before the migration (repeatable)

        Exit status: 0 the plan can run, 1 some statements need a manual change, 2 usage or
        I/O error.
        """
        .formatted(VersionRange.OLDEST, VersionRange.NEWEST);
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments a =
        Arguments.parse(args, Set.of("format", "pg-version", "transaction", "schema"), Set.of());
    String format = a.choice("format", "markdown", List.of("markdown", "json"));
    int pg = a.integer("pg-version", 16, VersionRange.OLDEST, VersionRange.NEWEST);
    TransactionMode mode;
    try {
      mode = TransactionMode.parse(a.value("transaction").orElse("per-file"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    List<MigrationFile> schema =
        a.values("schema").stream().map(s -> MigrationPaths.read(Path.of(s))).toList();
    Analysis analysis =
        new Analyzer()
            .analyze(
                MigrationPaths.read(a.positional()),
                AnalysisContext.of(pg).withTransactionMode(mode).withSchemaFiles(schema));
    RolloutPlan plan = new Planner(PlannerOptions.DEFAULTS).plan(analysis);
    out.print(format.equals("json") ? json(plan) : PlanMarkdown.render(plan));
    return plan.executable() ? Main.OK : 1;
  }

  static String json(RolloutPlan plan) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("pgVersion", plan.pgMajor());
    root.put("executable", plan.executable());
    root.put("contractNeedsApproval", plan.contractNeedsApproval());
    ArrayNode steps = root.putArray("steps");
    for (PlanStep step : plan.steps()) {
      ObjectNode s = steps.addObject();
      s.put("id", step.id());
      s.put("phase", step.phase().displayName());
      s.put("gate", step.gate().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      s.put("description", step.description());
      s.put("sql", PlanMarkdown.sql(step.action()));
      action(s, step.action());
      s.put("lockTimeoutMs", step.retry().lockTimeout().toMillis());
      s.put("statementTimeoutMs", step.retry().statementTimeout().toMillis());
      s.put("retryBudgetSeconds", step.retry().budget().toSeconds());
      ObjectNode source = s.putObject("source");
      source.put("file", step.source().file());
      source.put("line", step.source().line());
      step.source().originalSql().ifPresent(o -> source.put("originalSql", o));
    }
    ArrayNode refusals = root.putArray("refusals");
    for (Refusal r : plan.refusals()) {
      ObjectNode n = refusals.addObject();
      n.put("file", r.file());
      n.put("line", r.line());
      n.put("statement", r.statement());
      n.put("reason", r.reason());
      n.put("recipe", r.recipe());
    }
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void action(ObjectNode s, StepAction action) {
    if (action instanceof StepAction.Ddl ddl) {
      s.put("action", "ddl");
      s.put("transactional", ddl.transactional());
      ArrayNode statements = s.putArray("statements");
      ddl.statements().forEach(statements::add);
      ddl.applied()
          .ifPresent(
              check -> s.put("skippedWhen", check.getClass().getSimpleName() + describe(check)));
    } else if (action instanceof StepAction.Backfill backfill) {
      s.put("action", "backfill");
      backfill(s.putObject("backfill"), backfill.spec());
    } else {
      StepAction.Validate validate = (StepAction.Validate) action;
      s.put("action", "validate");
      s.put("table", validate.table().toString());
      s.put("constraint", validate.constraint());
      validate.sweep().ifPresent(sweep -> backfill(s.putObject("sweep"), sweep));
    }
  }

  private static void backfill(ObjectNode node, BackfillSpec spec) {
    node.put("table", spec.table().toString());
    node.put("mode", spec.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    ObjectNode set = node.putObject("set");
    spec.assignments().forEach(a -> set.put(a.column(), a.valueSql()));
    spec.condition().ifPresent(c -> node.put("where", c));
  }

  private static String describe(AppliedCheck check) {
    String text = check.toString();
    return text.substring(text.indexOf('['));
  }
}
