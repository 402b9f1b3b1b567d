package dev.migrationbot.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrationbot.analyzer.Phase;
import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.rollout.plan.AppliedCheck;
import dev.migrationbot.rollout.plan.BackfillSpec;
import dev.migrationbot.rollout.plan.Gate;
import dev.migrationbot.rollout.plan.PlanStep;
import dev.migrationbot.rollout.plan.Refusal;
import dev.migrationbot.rollout.plan.RetryPolicy;
import dev.migrationbot.rollout.plan.RolloutPlan;
import dev.migrationbot.rollout.plan.StepAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plan as stored in {@code migration_bot.rollouts.plan}: every field spelled out, so what runs
 * is exactly what reviewers approved, and a stored plan reads back into the same records.
 */
public final class PlanJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private PlanJson() {}

  public static String write(RolloutPlan plan) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("pgMajor", plan.pgMajor());
    ArrayNode steps = root.putArray("steps");
    for (PlanStep step : plan.steps()) {
      ObjectNode s = steps.addObject();
      s.put("id", step.id());
      s.put("phase", step.phase().name());
      s.put("gate", step.gate().name());
      s.put("description", step.description());
      action(s.putObject("action"), step.action());
      RetryPolicy r = step.retry();
      ObjectNode retry = s.putObject("retry");
      retry.put("lockTimeoutMs", r.lockTimeout().toMillis());
      retry.put("statementTimeoutMs", r.statementTimeout().toMillis());
      retry.put("budgetMs", r.budget().toMillis());
      retry.put("initialBackoffMs", r.initialBackoff().toMillis());
      retry.put("maxBackoffMs", r.maxBackoff().toMillis());
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
    return text(root);
  }

  public static RolloutPlan read(String json) {
    JsonNode root = tree(json);
    List<PlanStep> steps = new ArrayList<>();
    for (JsonNode s : root.path("steps")) {
      JsonNode r = s.path("retry");
      JsonNode source = s.path("source");
      steps.add(
          new PlanStep(
              s.path("id").asText(),
              Phase.valueOf(s.path("phase").asText()),
              Gate.valueOf(s.path("gate").asText()),
              s.path("description").asText(),
              action(s.path("action")),
              new RetryPolicy(
                  Duration.ofMillis(r.path("lockTimeoutMs").asLong()),
                  Duration.ofMillis(r.path("statementTimeoutMs").asLong()),
                  Duration.ofMillis(r.path("budgetMs").asLong()),
                  Duration.ofMillis(r.path("initialBackoffMs").asLong()),
                  Duration.ofMillis(r.path("maxBackoffMs").asLong())),
              new PlanStep.Source(
                  source.path("file").asText(),
                  source.path("line").asInt(),
                  optionalText(source, "originalSql"))));
    }
    List<Refusal> refusals = new ArrayList<>();
    for (JsonNode n : root.path("refusals")) {
      refusals.add(
          new Refusal(
              n.path("file").asText(),
              n.path("line").asInt(),
              n.path("statement").asText(),
              n.path("reason").asText(),
              n.path("recipe").asText()));
    }
    return new RolloutPlan(root.path("pgMajor").asInt(), steps, refusals);
  }

  static String writeSpec(BackfillSpec spec) {
    ObjectNode node = MAPPER.createObjectNode();
    spec(node, spec);
    return text(node);
  }

  static BackfillSpec readSpec(String json) {
    return spec(tree(json));
  }

  private static void action(ObjectNode a, StepAction action) {
    if (action instanceof StepAction.Ddl ddl) {
      a.put("type", "ddl");
      ArrayNode statements = a.putArray("statements");
      ddl.statements().forEach(statements::add);
      a.put("transactional", ddl.transactional());
      ddl.applied().ifPresent(check -> applied(a.putObject("applied"), check));
    } else if (action instanceof StepAction.Backfill backfill) {
      a.put("type", "backfill");
      spec(a.putObject("spec"), backfill.spec());
    } else {
      StepAction.Validate v = (StepAction.Validate) action;
      a.put("type", "validate");
      name(a.putObject("table"), v.table());
      a.put("constraint", v.constraint());
      v.sweep().ifPresent(sweep -> spec(a.putObject("sweep"), sweep));
    }
  }

  private static StepAction action(JsonNode a) {
    String type = a.path("type").asText();
    return switch (type) {
      case "ddl" -> {
        List<String> statements = new ArrayList<>();
        a.path("statements").forEach(n -> statements.add(n.asText()));
        yield new StepAction.Ddl(
            statements,
            a.path("transactional").asBoolean(),
            a.has("applied") ? Optional.of(applied(a.path("applied"))) : Optional.empty());
      }
      case "backfill" -> new StepAction.Backfill(spec(a.path("spec")));
      case "validate" ->
          new StepAction.Validate(
              name(a.path("table")),
              a.path("constraint").asText(),
              a.has("sweep") ? Optional.of(spec(a.path("sweep"))) : Optional.empty());
      default -> throw new IllegalArgumentException("unknown step action '" + type + "'");
    };
  }

  private static void applied(ObjectNode n, AppliedCheck check) {
    if (check instanceof AppliedCheck.ColumnExists c) {
      n.put("kind", "column-exists");
      name(n.putObject("table"), c.table());
      n.put("column", c.column());
      if (c.type() != null) {
        n.put("type", c.type());
      }
    } else if (check instanceof AppliedCheck.ColumnAbsent c) {
      n.put("kind", "column-absent");
      name(n.putObject("table"), c.table());
      n.put("column", c.column());
    } else if (check instanceof AppliedCheck.IndexValid c) {
      n.put("kind", "index-valid");
      name(n.putObject("index"), c.index());
    } else if (check instanceof AppliedCheck.IndexAbsent c) {
      n.put("kind", "index-absent");
      name(n.putObject("index"), c.index());
    } else if (check instanceof AppliedCheck.ConstraintExists c) {
      n.put("kind", "constraint-exists");
      name(n.putObject("table"), c.table());
      n.put("constraint", c.constraint());
      n.put("validated", c.validated());
    } else if (check instanceof AppliedCheck.ConstraintAbsent c) {
      n.put("kind", "constraint-absent");
      name(n.putObject("table"), c.table());
      n.put("constraint", c.constraint());
    } else if (check instanceof AppliedCheck.TableExists c) {
      n.put("kind", "table-exists");
      name(n.putObject("table"), c.table());
    } else {
      n.put("kind", "table-absent");
      name(n.putObject("table"), ((AppliedCheck.TableAbsent) check).table());
    }
  }

  private static AppliedCheck applied(JsonNode n) {
    String kind = n.path("kind").asText();
    return switch (kind) {
      case "column-exists" ->
          new AppliedCheck.ColumnExists(
              name(n.path("table")),
              n.path("column").asText(),
              n.has("type") ? n.path("type").asText() : null);
      case "column-absent" ->
          new AppliedCheck.ColumnAbsent(name(n.path("table")), n.path("column").asText());
      case "index-valid" -> new AppliedCheck.IndexValid(name(n.path("index")));
      case "index-absent" -> new AppliedCheck.IndexAbsent(name(n.path("index")));
      case "constraint-exists" ->
          new AppliedCheck.ConstraintExists(
              name(n.path("table")),
              n.path("constraint").asText(),
              n.path("validated").asBoolean());
      case "constraint-absent" ->
          new AppliedCheck.ConstraintAbsent(name(n.path("table")), n.path("constraint").asText());
      case "table-exists" -> new AppliedCheck.TableExists(name(n.path("table")));
      case "table-absent" -> new AppliedCheck.TableAbsent(name(n.path("table")));
      default -> throw new IllegalArgumentException("unknown applied check '" + kind + "'");
    };
  }

  private static void spec(ObjectNode n, BackfillSpec spec) {
    name(n.putObject("table"), spec.table());
    ArrayNode assignments = n.putArray("assignments");
    for (BackfillSpec.Assignment a : spec.assignments()) {
      ObjectNode node = assignments.addObject();
      node.put("column", a.column());
      node.put("valueSql", a.valueSql());
    }
    n.put("mode", spec.mode().name());
    spec.condition().ifPresent(c -> n.put("condition", c));
  }

  private static BackfillSpec spec(JsonNode n) {
    List<BackfillSpec.Assignment> assignments = new ArrayList<>();
    n.path("assignments")
        .forEach(
            a ->
                assignments.add(
                    new BackfillSpec.Assignment(
                        a.path("column").asText(), a.path("valueSql").asText())));
    return new BackfillSpec(
        name(n.path("table")),
        assignments,
        BackfillSpec.Mode.valueOf(n.path("mode").asText()),
        optionalText(n, "condition"));
  }

  private static void name(ObjectNode n, QualifiedName name) {
    n.put("schema", name.schema());
    n.put("name", name.name());
    n.put("qualified", name.qualified());
  }

  private static QualifiedName name(JsonNode n) {
    return new QualifiedName(
        n.path("schema").asText(), n.path("name").asText(), n.path("qualified").asBoolean(true));
  }

  private static Optional<String> optionalText(JsonNode n, String field) {
    return n.hasNonNull(field) ? Optional.of(n.path(field).asText()) : Optional.empty();
  }

  static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("stored JSON does not parse: " + e.getMessage(), e);
    }
  }

  static String text(Object node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
    }
  }
}
