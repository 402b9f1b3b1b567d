package dev.migrationbot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrationbot.analyzer.Analysis;
import dev.migrationbot.analyzer.AnalysisContext;
import dev.migrationbot.analyzer.Analyzer;
import dev.migrationbot.analyzer.MigrationFile;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Lints a generated migration of mixed statements (DDL of every kind the analyzer models, DML,
 * function bodies, comments) and prints statements per second and peak heap. The analysis is
 * single-threaded, so the figure is per core.
 */
final class LintBenchmark implements BenchCommand.Benchmark {

  @Override
  public String summary() {
    return "lint a generated file of mixed statements: statements/s and peak heap";
  }

  @Override
  public String usage() {
    return """
        migration-bot bench lint [--statements N] [--iterations N] [--format text|json]
          --statements N   statements in the generated file (default 100000)
          --iterations N   measured runs after two warm-up runs; the median is reported (default 3)
        """;
  }

  @Override
  public int run(List<String> args, PrintStream out) {
    Arguments a = Arguments.parse(args, Set.of("statements", "iterations", "format"), Set.of());
    int statements = a.integer("statements", 100_000, 1, 10_000_000);
    int iterations = a.integer("iterations", 3, 1, 100);
    String format = a.choice("format", "text", List.of("text", "json"));
    String sql = generate(statements, new Random(42));
    MigrationFile file = new MigrationFile("bench.sql", sql);
    AnalysisContext context =
        AnalysisContext.of(16).withSchemaFiles(List.of(new MigrationFile("schema.sql", schema())));
    Analyzer analyzer = new Analyzer();
    for (int i = 0; i < 2; i++) {
      analyzer.analyze(List.of(file), context);
    }
    List<Long> nanos = new ArrayList<>();
    long peak = 0;
    Analysis last = null;
    for (int i = 0; i < iterations; i++) {
      System.gc();
      resetPeaks();
      long start = System.nanoTime();
      last = analyzer.analyze(List.of(file), context);
      nanos.add(System.nanoTime() - start);
      peak = Math.max(peak, peakHeap());
    }
    nanos.sort(Long::compare);
    double seconds = nanos.get(nanos.size() / 2) / 1e9;
    double perSecond = last.statementCount() / seconds;
    if (format.equals("json")) {
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode root = json.createObjectNode();
      root.put("statements", last.statementCount());
      root.put("bytes", sql.length());
      root.put("iterations", iterations);
      root.put("medianSeconds", seconds);
      root.put("statementsPerSecond", Math.round(perSecond));
      root.put("peakHeapMb", Math.round(peak / (1024.0 * 1024.0)));
      root.put("findings", last.findings().size());
      try {
        out.println(json.writeValueAsString(root));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      out.printf(
          Locale.ROOT,
          "lint benchmark: %,d statements (%,d bytes), median of %d runs: %.3f s,"
              + " %,.0f statements/s, peak heap %,d MB, %,d findings%n",
          last.statementCount(),
          sql.length(),
          iterations,
          seconds,
          perSecond,
          Math.round(peak / (1024.0 * 1024.0)),
          last.findings().size());
    }
    return Main.OK;
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static final int EXISTING_TABLES = 200;

  /** The schema before the migration: tables the statements find in use. */
  static String schema() {
    StringBuilder sql = new StringBuilder();
    for (int t = 0; t < EXISTING_TABLES; t++) {
      sql.append(table(t));
    }
    return sql.toString();
  }

  private static String table(int t) {
    return "CREATE TABLE t"
        + t
        + " (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
        + "  name text NOT NULL,\n  amount numeric(12, 2) DEFAULT 0 CHECK (amount >= 0),\n"
        + "  created_at timestamptz NOT NULL DEFAULT now()\n);\n";
  }

  /**
   * A migration as teams write them, many times over: new tables, and columns, indexes, constraints
   * and data changes on existing and new ones.
   */
  static String generate(int statements, Random random) {
    StringBuilder sql = new StringBuilder(statements * 70);
    int tables = EXISTING_TABLES;
    for (int i = 0; i < statements; i++) {
      String table = "t" + random.nextInt(tables);
      switch (random.nextInt(16)) {
        case 0 -> sql.append(table(tables++));
        case 1 ->
            sql.append("ALTER TABLE ")
                .append(table)
                .append(" ADD COLUMN c")
                .append(i)
                .append(" text;\n");
        case 2 ->
            sql.append("ALTER TABLE ")
                .append(table)
                .append(" ADD COLUMN u")
                .append(i)
                .append(" uuid DEFAULT gen_random_uuid();\n");
        case 3 ->
            sql.append("CREATE INDEX CONCURRENTLY IF NOT EXISTS ")
                .append(table)
                .append("_i")
                .append(i)
                .append(" ON ")
                .append(table)
                .append(" (lower(name)) WHERE amount > 0;\n");
        case 4 ->
            sql.append("CREATE INDEX ")
                .append(table)
                .append("_j")
                .append(i)
                .append(" ON ")
                .append(table)
                .append(" (created_at);\n");
        case 5 ->
            sql.append("UPDATE ")
                .append(table)
                .append(" SET amount = amount * 1.1, name = upper(name) WHERE id BETWEEN ")
                .append(i)
                .append(" AND ")
                .append(i + 1000)
                .append(";\n");
        case 6 ->
            sql.append("ALTER TABLE ")
                .append(table)
                .append(" ADD CONSTRAINT k")
                .append(i)
                .append(" CHECK (amount < 1000000) NOT VALID;\n");
        case 7 ->
            sql.append("ALTER TABLE ").append(table).append(" ALTER COLUMN amount SET NOT NULL;\n");
        case 8 ->
            sql.append("COMMENT ON TABLE ")
                .append(table)
                .append(" IS 'the ")
                .append(table)
                .append(" table; it''s fine';\n");
        case 9 ->
            sql.append("CREATE OR REPLACE FUNCTION f")
                .append(i)
                .append(
                    "() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.name := trim(NEW.name); -- tidy\n  RETURN NEW;\nEND;\n$$;\n");
        case 10 ->
            sql.append("INSERT INTO ")
                .append(table)
                .append(" (name, amount) VALUES ('x")
                .append(i)
                .append("', 1.5);\n");
        case 11 ->
            sql.append("ALTER TABLE ")
                .append(table)
                .append(" ALTER COLUMN name TYPE varchar(200) USING name::varchar(200);\n");
        case 12 -> sql.append("/* housekeeping */ ANALYZE ").append(table).append(";\n");
        case 13 ->
            sql.append("ALTER TABLE ")
                .append(table)
                .append(" ADD CONSTRAINT f")
                .append(i)
                .append(" FOREIGN KEY (id) REFERENCES t0 (id) NOT VALID;\n");
        case 14 -> sql.append("SET lock_timeout = '2s';\n");
        default ->
            sql.append("-- a line comment\nSELECT count(*) FROM ")
                .append(table)
                .append(" WHERE name LIKE 'a%';\n");
      }
    }
    return sql.toString();
  }
}
