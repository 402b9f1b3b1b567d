package dev.migrationbot.cli.rehearse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrationbot.local.Execution;
import dev.migrationbot.rollout.review.MigrationReview;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What a rehearsal shows: the plan, each phase, the backfill, the application's latency. */
public record RehearsalReport(
    MigrationReview review,
    boolean refused,
    List<Execution> executions,
    List<Phase> phases,
    long totalMs,
    long backfillRows,
    double backfillRowsPerSecond,
    int slices,
    Map<String, Integer> holds,
    long nullsRemaining,
    List<String> constraints,
    Optional<AppTraffic.Latency> baseline,
    Optional<AppTraffic.Latency> during,
    long appErrors,
    List<String> appErrorSamples,
    Optional<String> comment,
    long metricLines) {

  /** One phase: how long from its first invocation's start to its last one's end. */
  public record Phase(String name, String status, long ms, long invocations) {}

  private static final List<String> PHASES =
      List.of(
          "plan",
          "expand",
          "wait-for-deploy",
          "backfill",
          "continue",
          "contract-gate",
          "contract",
          "report",
          "report-failure");

  static RehearsalReport refused(MigrationReview review) {
    return new RehearsalReport(
        review,
        true,
        List.of(),
        List.of(),
        0,
        0,
        0,
        0,
        Map.of(),
        0,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        0,
        List.of(),
        Optional.empty(),
        0);
  }

  static RehearsalReport of(
      MigrationReview review,
      List<Execution> executions,
      Rehearsal.Timings timings,
      long totalMs,
      long nullsRemaining,
      List<String> constraints,
      Optional<AppTraffic> traffic,
      Optional<String> comment,
      long metricLines) {
    List<Phase> phases = new ArrayList<>();
    for (String name : PHASES) {
      long[] span = timings.spans.get(name);
      if (span == null) {
        continue;
      }
      Map<String, Object> last = timings.last.get(name);
      String status =
          String.valueOf(
              last.getOrDefault(
                  "status",
                  last.containsKey("seen")
                      ? ((Boolean) last.get("seen") ? "seen" : "waiting")
                      : last.containsKey("open")
                          ? ((Boolean) last.get("open") ? "open" : "closed")
                          : "done"));
      phases.add(new Phase(name, status, (span[1] - span[0]) / 1_000_000, span[2]));
    }
    long rows = 0;
    Map<String, Integer> holds = new TreeMap<>();
    for (Map<String, Object> slice : timings.slices) {
      rows = Math.max(rows, ((Number) slice.getOrDefault("rowsUpdated", 0)).longValue());
      if ("holding".equals(slice.get("status"))) {
        holds.merge(String.valueOf(slice.get("reason")), 1, Integer::sum);
      }
    }
    long backfillMs =
        phases.stream().filter(p -> p.name().equals("backfill")).mapToLong(Phase::ms).sum();
    return new RehearsalReport(
        review,
        false,
        executions,
        phases,
        totalMs,
        rows,
        backfillMs > 0 ? rows * 1000.0 / backfillMs : 0,
        timings.slices.size(),
        holds,
        nullsRemaining,
        constraints,
        traffic.map(AppTraffic::baseline),
        traffic.map(AppTraffic::duringRollout),
        traffic.map(AppTraffic::errors).orElse(0L),
        traffic.map(AppTraffic::errorSamples).orElse(List.of()),
        comment,
        metricLines);
  }

  /** Whether the rollout ran to its end. */
  public boolean succeeded() {
    return !refused
        && !executions.isEmpty()
        && executions.get(executions.size() - 1).succeeded()
        && phases.stream().noneMatch(p -> p.name().equals("report-failure"));
  }

  public String text() {
    StringBuilder out = new StringBuilder();
    out.append("Plan (PostgreSQL ").append(review.plan().pgMajor()).append("):\n");
    review
        .plan()
        .steps()
        .forEach(
            s -> out.append("  ").append(s.id()).append("  ").append(s.description()).append('\n'));
    if (refused) {
      out.append("\nThe plan cannot run as it is:\n");
      review.problems().forEach(p -> out.append("  - ").append(p).append('\n'));
      review
          .plan()
          .refusals()
          .forEach(
              r ->
                  out.append("  - ")
                      .append(r.file())
                      .append(':')
                      .append(r.line())
                      .append(' ')
                      .append(r.reason())
                      .append('\n'));
      return out.toString();
    }
    out.append("\nPhases:\n");
    for (Phase p : phases) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %-16s %-10s %8d ms  (%d invocation%s)%n",
              p.name(),
              p.status(),
              p.ms(),
              p.invocations(),
              p.invocations() == 1 ? "" : "s"));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%nBackfill: %,d rows in %d slices, %,.0f rows/s; holds: %s%n",
            backfillRows,
            slices,
            backfillRowsPerSecond,
            holds.isEmpty() ? "none" : holds));
    out.append(String.format(Locale.ROOT, "NULLs remaining: %d%n", nullsRemaining));
    out.append(
        String.format(
            Locale.ROOT,
            "Executions: %d (continued as new %d times)%n",
            executions.size(),
            executions.size() - 1));
    baseline.ifPresent(
        b ->
            out.append(
                String.format(
                    Locale.ROOT,
                    "Application before: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d operations)%n",
                    b.p50Ms(),
                    b.p99Ms(),
                    b.maxMs(),
                    b.operations())));
    during.ifPresent(
        d ->
            out.append(
                String.format(
                    Locale.ROOT,
                    "Application during: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d operations, %d errors)%n",
                    d.p50Ms(),
                    d.p99Ms(),
                    d.maxMs(),
                    d.operations(),
                    appErrors)));
    appErrorSamples.forEach(e -> out.append("  application error: ").append(e).append('\n'));
    out.append("Constraints after contract:\n");
    constraints.forEach(c -> out.append("  ").append(c).append('\n'));
    out.append(String.format(Locale.ROOT, "Metric log lines: %d%n", metricLines));
    out.append("Outcome: ").append(succeeded() ? "rolled out" : "FAILED").append('\n');
    if (!succeeded()) {
      comment.ifPresent(c -> out.append("\nPull request comment:\n").append(c).append('\n'));
    }
    return out.toString();
  }

  public String json() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("outcome", refused ? "refused" : succeeded() ? "rolled-out" : "failed");
    root.put("pgVersion", review.plan().pgMajor());
    ArrayNode steps = root.putArray("plan");
    review
        .plan()
        .steps()
        .forEach(s -> steps.addObject().put("id", s.id()).put("description", s.description()));
    ArrayNode phaseArray = root.putArray("phases");
    for (Phase p : phases) {
      phaseArray
          .addObject()
          .put("name", p.name())
          .put("status", p.status())
          .put("ms", p.ms())
          .put("invocations", p.invocations());
    }
    root.put("totalMs", totalMs);
    root.put("executions", executions.size());
    ObjectNode backfill = root.putObject("backfill");
    backfill.put("rows", backfillRows);
    backfill.put("rowsPerSecond", Math.round(backfillRowsPerSecond));
    backfill.put("slices", slices);
    ObjectNode holdNode = backfill.putObject("holds");
    holds.forEach(holdNode::put);
    root.put("nullsRemaining", nullsRemaining);
    ObjectNode app = root.putObject("app");
    baseline.ifPresent(
        b -> {
          app.put("baselineP50Ms", b.p50Ms());
          app.put("baselineP99Ms", b.p99Ms());
          app.put("baselineMaxMs", b.maxMs());
        });
    during.ifPresent(
        d -> {
          app.put("duringP50Ms", d.p50Ms());
          app.put("duringP99Ms", d.p99Ms());
          app.put("maxMs", d.maxMs());
          app.put("operations", d.operations());
        });
    app.put("errors", appErrors);
    constraints.forEach(root.putArray("constraints")::add);
    root.put("metricLines", metricLines);
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
