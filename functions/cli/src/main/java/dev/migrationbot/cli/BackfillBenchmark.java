package dev.migrationbot.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrationbot.analyzer.AnalysisContext;
import dev.migrationbot.analyzer.Analyzer;
import dev.migrationbot.analyzer.MigrationFile;
import dev.migrationbot.local.LocalPostgres;
import dev.migrationbot.local.PostgresBinaries;
import dev.migrationbot.postgres.PostgresRolloutEngine;
import dev.migrationbot.rollout.backfill.ControllerConfig;
import dev.migrationbot.rollout.engine.EngineSettings;
import dev.migrationbot.rollout.engine.PhaseResult;
import dev.migrationbot.rollout.engine.SliceResult;
import dev.migrationbot.rollout.engine.TimeBudget;
import dev.migrationbot.rollout.plan.Planner;
import dev.migrationbot.rollout.plan.PlannerOptions;
import dev.migrationbot.rollout.plan.RolloutPlan;
import dev.migrationbot.rollout.port.BackfillJob;
import dev.migrationbot.rollout.port.NewRollout;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fills a new column of an N-row table three ways on embedded PostgreSQL with production
 * durability, each under the same concurrent application writes, and compares them with the
 * architecture's backfill targets: one full-table UPDATE (the throughput ceiling), fixed 1,000-row
 * keyset batches without pauses (the naive script), and the rollout engine with its production
 * settings. A run of the same writes without any backfill gives the writers' baseline latency.
 */
final class BackfillBenchmark implements BenchCommand.Benchmark {

  /** A Lambda's 15 minutes less a minute, as the workflow hands each slice. */
  private static final Duration SLICE_BUDGET = Duration.ofMinutes(14);

  /** Writers run this long before their operations count, so connections and plans are warm. */
  private static final Duration WARM_UP = Duration.ofSeconds(1);

  private static final int FIXED_BATCH = 1_000;

  @Override
  public String summary() {
    return "fill a new column of an N-row table under concurrent writes: UPDATE, batches, engine";
  }

  @Override
  public String usage() {
    return String.format(
        Locale.ROOT,
        """
        migration-bot bench backfill [--rows N] [--writers N] [--writer-rate N] [--format text|json]
                                     [--pg-version N] [--batch-target MS] [--pause-ratio R]
                                     [--min-pause MS]
          --rows N          rows in the table (default 1000000)
          --writers N       concurrent writer threads, single-row updates and inserts (default 4)
          --writer-rate N   operations per second of each writer (default 100)
          --pg-version N    PostgreSQL major of the embedded server, %d to %d (default %d)
          --batch-target MS the time the engine sizes its batches to (default %d)
          --pause-ratio R   the engine's pause after a batch, as a share of its time (default %s)
          --min-pause MS    the engine's shortest pause between batches (default %d)
        """,
        PostgresBinaries.OLDEST_SUPPORTED_MAJOR,
        PostgresBinaries.NEWEST_SUPPORTED_MAJOR,
        PostgresBinaries.bundledMajor(),
        ControllerConfig.ROWS.target().toMillis(),
        ControllerConfig.ROWS.pauseRatio(),
        ControllerConfig.ROWS.minPause().toMillis());
  }

  /** One run: how long the fill took, what it changed, what the writers saw. */
  record Run(
      Duration took,
      long rowsUpdated,
      BenchTable.Check check,
      WriterLoad.Latencies writers,
      Map<String, Object> details) {

    double rowsPerSecond() {
      double seconds = took.toNanos() / 1e9;
      return seconds <= 0 ? 0 : rowsUpdated / seconds;
    }
  }

  /** What one way of filling did, before the writers' figures are added. */
  private record Fill(long rowsUpdated, Map<String, Object> details) {}

  @FunctionalInterface
  private interface Filler {
    Fill fill() throws Exception;
  }

  @Override
  public int run(List<String> args, PrintStream out) throws Exception {
    Arguments a =
        Arguments.parse(
            args,
            Set.of(
                "rows",
                "writers",
                "writer-rate",
                "format",
                "pg-version",
                "batch-target",
                "pause-ratio",
                "min-pause"),
            Set.of());
    int rows = a.integer("rows", 1_000_000, 1_000, 100_000_000);
    int writers = a.integer("writers", 4, 1, 64);
    int rate = a.integer("writer-rate", 100, 1, 10_000);
    String format = a.choice("format", "text", List.of("text", "json"));
    int major =
        a.integer(
            "pg-version",
            PostgresBinaries.bundledMajor(),
            PostgresBinaries.OLDEST_SUPPORTED_MAJOR,
            PostgresBinaries.NEWEST_SUPPORTED_MAJOR);
    ControllerConfig rowsConfig =
        ControllerConfig.ROWS
            .withTarget(
                Duration.ofMillis(
                    a.integer(
                        "batch-target",
                        (int) ControllerConfig.ROWS.target().toMillis(),
                        1,
                        60_000)))
            .withPause(
                Duration.ofMillis(
                    a.integer(
                        "min-pause", (int) ControllerConfig.ROWS.minPause().toMillis(), 0, 60_000)),
                a.ratio("pause-ratio", ControllerConfig.ROWS.pauseRatio(), 0, 10));
    EngineSettings settings =
        EngineSettings.DEFAULTS.withControllers(rowsConfig, EngineSettings.DEFAULTS.pages());
    try (LocalPostgres server = LocalPostgres.start(major, LocalPostgres.Durability.DURABLE)) {
      server.createDatabase("bench");
      BenchTable table = new BenchTable(server, "bench", rows);
      Runs runs = new Runs(table, writers, rate);
      Run single = runs.measure(() -> singleUpdate(table));
      Run fixed = runs.measure(() -> fixedBatches(table));
      Run engine = runs.measure(() -> engine(table, server.major(), settings));
      Run baseline = runs.baseline(engine.took());
      ObjectNode report =
          report(server, rows, writers, rate, single, fixed, engine, baseline, settings(table));
      if (format.equals("json")) {
        out.println(json(report));
      } else {
        out.print(text(report));
      }
    }
    return Main.OK;
  }

  /** Runs each fill on a freshly loaded table under the same writer load. */
  private static final class Runs {
    private final BenchTable table;
    private final int writers;
    private final int rate;
    private final AtomicLong nextId;

    Runs(BenchTable table, int writers, int rate) {
      this.table = table;
      this.writers = writers;
      this.rate = rate;
      this.nextId = new AtomicLong(table.rows() + 1);
    }

    Run measure(Filler filler) throws Exception {
      table.reset();
      try (WriterLoad load = WriterLoad.start(table, writers, rate, table.rows(), nextId)) {
        Thread.sleep(WARM_UP.toMillis());
        load.measureFromNow();
        long started = System.nanoTime();
        Fill fill = filler.fill();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        WriterLoad.Latencies latencies = load.stop();
        BenchTable.Check check = table.check();
        if (check.nullsRemaining() != 0
            || check.correctRows() != table.rows()
            || fill.rowsUpdated() != table.rows()) {
          throw new IllegalStateException(
              "the backfill is wrong: it reports "
                  + fill.rowsUpdated()
                  + " rows updated, "
                  + check.correctRows()
                  + " of "
                  + table.rows()
                  + " loaded rows hold the right value and "
                  + check.nullsRemaining()
                  + " rows are still NULL");
        }
        return new Run(took, fill.rowsUpdated(), check, latencies, fill.details());
      }
    }

    Run baseline(Duration duration) throws Exception {
      table.reset();
      try (WriterLoad load = WriterLoad.start(table, writers, rate, table.rows(), nextId)) {
        Thread.sleep(WARM_UP.toMillis());
        load.measureFromNow();
        Thread.sleep(Math.max(1, duration.toMillis()));
        return new Run(duration, 0, table.check(), load.stop(), Map.of());
      }
    }
  }

  private static Fill singleUpdate(BenchTable table) throws SQLException {
    try (Connection c = table.connect("bench-single-update");
        Statement s = c.createStatement()) {
      return new Fill(s.executeUpdate(BenchTable.FULL_UPDATE), Map.of());
    }
  }

  private static Fill fixedBatches(BenchTable table) throws SQLException {
    long updated = 0;
    long batches = 0;
    try (Connection c = table.connect("bench-fixed-batches");
        PreparedStatement bound = c.prepareStatement(BenchTable.NEXT_BOUND);
        PreparedStatement update = c.prepareStatement(BenchTable.RANGE_UPDATE)) {
      long cursor = 0;
      while (cursor < table.rows()) {
        bound.setLong(1, cursor);
        bound.setInt(2, FIXED_BATCH);
        long next;
        try (ResultSet rs = bound.executeQuery()) {
          rs.next();
          next = Math.min(table.rows(), rs.getLong(1));
        }
        update.setLong(1, cursor);
        update.setLong(2, next);
        updated += update.executeUpdate();
        batches++;
        cursor = next;
      }
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("batches", batches);
    details.put("batchSize", FIXED_BATCH);
    return new Fill(updated, details);
  }

  private static Fill engine(BenchTable table, int major, EngineSettings settings)
      throws InterruptedException {
    RolloutPlan plan = plan(major);
    try (PostgresRolloutEngine engine = new PostgresRolloutEngine(table::connect, settings)) {
      String id =
          engine
              .engine()
              .register(
                  new NewRollout(
                      "bench/orders",
                      1,
                      Long.toHexString(System.nanoTime()),
                      "bench-backfill",
                      plan));
      PhaseResult expand =
          engine.engine().runExpand(id, TimeBudget.of(Instant.now(), SLICE_BUDGET));
      if (expand.status() != PhaseResult.Status.DONE) {
        throw new IllegalStateException("the expand phase did not finish: " + expand);
      }
      int slices = 0;
      List<String> holds = new ArrayList<>();
      long heldMillis = 0;
      SliceResult slice;
      do {
        slice =
            engine
                .engine()
                .runBackfillSlice(
                    id, TimeBudget.of(Instant.now(), SLICE_BUDGET), "bench-slice-" + slices);
        slices++;
        if (slice.status() == SliceResult.Status.HOLDING
            || slice.status() == SliceResult.Status.PAUSED) {
          holds.add(slice.reason().orElse(slice.status().wireName()));
          long wait = Math.max(1, slice.waitSeconds()) * 1000;
          Thread.sleep(wait);
          heldMillis += wait;
        }
      } while (slice.status() != SliceResult.Status.DONE);
      List<BackfillJob> jobs = engine.backfills().ofRollout(id);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("batchTargetMs", settings.rows().target().toMillis());
      details.put("pauseRatio", settings.rows().pauseRatio());
      details.put("minPauseMs", settings.rows().minPause().toMillis());
      details.put("batches", jobs.stream().mapToLong(BackfillJob::batches).sum());
      details.put("finalBatchSize", jobs.get(0).controller().size());
      List<Long> recent = new ArrayList<>(jobs.get(0).controller().recentMicros());
      recent.sort(Long::compare);
      details.put("lastBatchesP50Ms", nearestRank(recent, 0.5) / 1000.0);
      details.put("lastBatchesP90Ms", nearestRank(recent, 0.9) / 1000.0);
      details.put("slices", slices);
      details.put("holds", holds);
      details.put("heldSeconds", heldMillis / 1000.0);
      return new Fill(slice.rowsUpdated(), details);
    }
  }

  private static long nearestRank(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /** The plan the bot would roll out for the migration: the column exists, so expand skips. */
  private static RolloutPlan plan(int major) {
    AnalysisContext context =
        AnalysisContext.of(major)
            .withSchemaFiles(List.of(new MigrationFile("schema.sql", BenchTable.SCHEMA)));
    RolloutPlan plan =
        new Planner(PlannerOptions.DEFAULTS)
            .plan(
                new Analyzer()
                    .analyze(
                        List.of(new MigrationFile("V2__order_totals.sql", BenchTable.MIGRATION)),
                        context));
    if (!plan.executable()) {
      throw new IllegalStateException("the benchmark migration does not plan: " + plan.refusals());
    }
    return plan;
  }

  /** The server settings that decide what a commit costs. */
  private static Map<String, String> settings(BenchTable table) throws SQLException {
    Map<String, String> settings = new LinkedHashMap<>();
    try (Connection c = table.connect("bench-settings");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT name, current_setting(name) FROM pg_settings WHERE name IN"
                    + " ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_level',"
                    + " 'shared_buffers', 'max_wal_size', 'autovacuum') ORDER BY name")) {
      while (rs.next()) {
        settings.put(rs.getString(1), rs.getString(2));
      }
    }
    return settings;
  }

  // ---------------------------------------------------------------- report

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static ObjectNode report(
      LocalPostgres server,
      int rows,
      int writers,
      int rate,
      Run single,
      Run fixed,
      Run engine,
      Run baseline,
      Map<String, String> settings) {
    ObjectNode root = JSON.createObjectNode();
    root.put("rows", rows);
    root.put("pgVersion", server.serverVersion());
    root.put("pgMajor", server.major());
    root.put("cores", Runtime.getRuntime().availableProcessors());
    root.put("writers", writers);
    root.put("writerRatePerThread", rate);
    ObjectNode serverSettings = root.putObject("settings");
    settings.forEach(serverSettings::put);
    run(root.putObject("singleUpdate"), single);
    run(root.putObject("fixedBatches"), fixed);
    run(root.putObject("engine"), engine);
    ObjectNode base = root.putObject("baseline");
    base.put("seconds", seconds(baseline.took()));
    writers(base, baseline.writers());
    ArrayNode targets = root.putArray("targets");
    target(
        targets,
        "engine rows/s >= 0.5 x singleUpdate rows/s",
        engine.rowsPerSecond(),
        0.5 * single.rowsPerSecond(),
        engine.rowsPerSecond() >= 0.5 * single.rowsPerSecond());
    target(
        targets,
        "engine writer p99 <= 1.5 x baseline writer p99",
        engine.writers().p99Ms(),
        1.5 * baseline.writers().p99Ms(),
        engine.writers().p99Ms() <= 1.5 * baseline.writers().p99Ms());
    target(
        targets,
        "engine writer max < 1000 ms",
        engine.writers().maxMs(),
        1000,
        engine.writers().maxMs() < 1000);
    return root;
  }

  private static void run(ObjectNode node, Run run) {
    node.put("seconds", seconds(run.took()));
    node.put("rowsUpdated", run.rowsUpdated());
    node.put("rowsPerSecond", Math.round(run.rowsPerSecond()));
    node.put("nullsRemaining", run.check().nullsRemaining());
    writers(node, run.writers());
    run.details().forEach((k, v) -> node.set(k, JSON.valueToTree(v)));
  }

  private static void writers(ObjectNode node, WriterLoad.Latencies w) {
    node.put("writerOps", w.operations());
    node.put("writerP50Ms", w.p50Ms());
    node.put("writerP99Ms", w.p99Ms());
    node.put("writerMaxMs", w.maxMs());
  }

  private static void target(
      ArrayNode targets, String name, double value, double limit, boolean pass) {
    ObjectNode t = targets.addObject();
    t.put("target", name);
    t.put("value", Math.round(value * 100) / 100.0);
    t.put("limit", Math.round(limit * 100) / 100.0);
    t.put("pass", pass);
  }

  private static double seconds(Duration d) {
    return Math.round(d.toMillis() / 10.0) / 100.0;
  }

  private static String json(ObjectNode report) {
    try {
      return JSON.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String text(ObjectNode r) {
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            Locale.ROOT,
            "backfill benchmark: %,d rows, PostgreSQL %s, %d cores, %d writers x %d ops/s%n",
            r.path("rows").asLong(),
            r.path("pgVersion").asText(),
            r.path("cores").asInt(),
            r.path("writers").asInt(),
            r.path("writerRatePerThread").asInt()));
    List<String> settings = new ArrayList<>();
    r.path("settings")
        .fields()
        .forEachRemaining(e -> settings.add(e.getKey() + "=" + e.getValue().asText()));
    t.append("server: ").append(String.join(", ", settings)).append("\n\n");
    t.append(
        String.format(
            Locale.ROOT,
            "%-14s %9s %12s %10s %10s %10s %10s%n",
            "run",
            "seconds",
            "rows/s",
            "writer ops",
            "p50 ms",
            "p99 ms",
            "max ms"));
    for (String run : List.of("singleUpdate", "fixedBatches", "engine", "baseline")) {
      ObjectNode n = (ObjectNode) r.path(run);
      t.append(
          String.format(
              Locale.ROOT,
              "%-14s %9.2f %12s %10d %10.2f %10.2f %10.2f%n",
              run,
              n.path("seconds").asDouble(),
              n.has("rowsPerSecond")
                  ? String.format(Locale.ROOT, "%,d", n.path("rowsPerSecond").asLong())
                  : "-",
              n.path("writerOps").asLong(),
              n.path("writerP50Ms").asDouble(),
              n.path("writerP99Ms").asDouble(),
              n.path("writerMaxMs").asDouble()));
    }
    ObjectNode engine = (ObjectNode) r.path("engine");
    t.append(
        String.format(
            Locale.ROOT,
            "%nengine: batches of %d ms, pause max(%d ms, %s x batch), %d batches, final batch size"
                + " %d (last batches p50 %.0f ms, p90 %.0f ms), %d slice(s), held %.0f s%s%n",
            engine.path("batchTargetMs").asLong(),
            engine.path("minPauseMs").asLong(),
            engine.path("pauseRatio").asText(),
            engine.path("batches").asLong(),
            engine.path("finalBatchSize").asInt(),
            engine.path("lastBatchesP50Ms").asDouble(),
            engine.path("lastBatchesP90Ms").asDouble(),
            engine.path("slices").asInt(),
            engine.path("heldSeconds").asDouble(),
            engine.path("holds").isEmpty() ? "" : " (" + engine.path("holds").toString() + ")"));
    t.append("\ntargets:\n");
    for (var target : r.path("targets")) {
      t.append(
          String.format(
              Locale.ROOT,
              "  %-4s %s: %.2f (limit %.2f)%n",
              target.path("pass").asBoolean() ? "PASS" : "MISS",
              target.path("target").asText(),
              target.path("value").asDouble(),
              target.path("limit").asDouble()));
    }
    return t.toString();
  }
}
