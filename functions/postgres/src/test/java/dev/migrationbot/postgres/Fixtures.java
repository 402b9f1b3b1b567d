package dev.migrationbot.postgres;

import dev.migrationbot.analyzer.AnalysisContext;
import dev.migrationbot.analyzer.Analyzer;
import dev.migrationbot.analyzer.MigrationFile;
import dev.migrationbot.analyzer.Phase;
import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.rollout.backfill.ControllerConfig;
import dev.migrationbot.rollout.backfill.HealthConfig;
import dev.migrationbot.rollout.engine.EngineSettings;
import dev.migrationbot.rollout.engine.SliceResult;
import dev.migrationbot.rollout.engine.TimeBudget;
import dev.migrationbot.rollout.plan.BackfillSpec;
import dev.migrationbot.rollout.plan.Gate;
import dev.migrationbot.rollout.plan.PlanStep;
import dev.migrationbot.rollout.plan.Planner;
import dev.migrationbot.rollout.plan.PlannerOptions;
import dev.migrationbot.rollout.plan.RetryPolicy;
import dev.migrationbot.rollout.plan.RolloutPlan;
import dev.migrationbot.rollout.plan.StepAction;
import dev.migrationbot.rollout.port.NewRollout;
import dev.migrationbot.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared set-up of the engine tests: fast settings, plans, rollouts, queries. */
final class Fixtures {

  private static final AtomicInteger ROLLOUTS = new AtomicInteger();

  /**
   * Small batches and short pauses, so tests see many batches quickly. Autovacuum visits the
   * freshly filled test tables at random moments; the vacuum gate has its own test and is off here
   * so it does not hold the others for minutes.
   */
  static final EngineSettings FAST =
      EngineSettings.DEFAULTS
          .withHealth(HealthConfig.DEFAULTS.withVacuumHold(false, Duration.ofMinutes(10)))
          .withControllers(
              ControllerConfig.ROWS.withSizes(200, 50, 2_000).withPause(Duration.ofMillis(2), 0.1),
              ControllerConfig.PAGES.withSizes(4, 1, 64).withPause(Duration.ofMillis(2), 0.1))
          .withSliceMargin(Duration.ZERO)
          .withLeaseTtl(Duration.ofSeconds(2))
          .withBatchRetry(10, Duration.ofMillis(10), Duration.ofMillis(200));

  /** A DDL policy that retries quickly. */
  static final RetryPolicy QUICK_RETRY =
      new RetryPolicy(
          Duration.ofMillis(500),
          Duration.ofSeconds(30),
          Duration.ofMinutes(2),
          Duration.ofMillis(100),
          Duration.ofMillis(500));

  private Fixtures() {}

  static ConnectionFactory connections(TestDatabase db) {
    return db::connect;
  }

  static QualifiedName table(String name) {
    return QualifiedName.of("public", name);
  }

  static PlanStep step(String id, Phase phase, StepAction action) {
    return step(id, phase, action, QUICK_RETRY);
  }

  static PlanStep step(String id, Phase phase, StepAction action, RetryPolicy retry) {
    return new PlanStep(
        id,
        phase,
        Gate.NONE,
        id,
        action,
        retry,
        new PlanStep.Source("V1__test.sql", 1, Optional.empty()));
  }

  static StepAction.Ddl ddl(String... statements) {
    return new StepAction.Ddl(List.of(statements), true, Optional.empty());
  }

  static StepAction.Backfill fill(String table, String column, String value) {
    return new StepAction.Backfill(
        new BackfillSpec(
            table(table),
            List.of(new BackfillSpec.Assignment(column, value)),
            BackfillSpec.Mode.FILL_NULLS,
            Optional.empty()));
  }

  static NewRollout rollout(int pgMajor, PlanStep... steps) {
    return rollout(new RolloutPlan(pgMajor, List.of(steps), List.of()));
  }

  static NewRollout rollout(RolloutPlan plan) {
    int n = ROLLOUTS.incrementAndGet();
    return new NewRollout("acme/shop", n, "sha" + n + "0123456789abcdef", "fp" + n, plan);
  }

  /** The plan the planner compiles from a migration, for the server's major. */
  static RolloutPlan plan(int pgMajor, String schemaSql, String migrationSql) {
    AnalysisContext context =
        AnalysisContext.of(pgMajor)
            .withSchemaFiles(List.of(new MigrationFile("schema.sql", schemaSql)));
    RolloutPlan plan =
        new Planner(PlannerOptions.DEFAULTS)
            .plan(
                new Analyzer()
                    .analyze(List.of(new MigrationFile("V2__change.sql", migrationSql)), context));
    if (!plan.executable()) {
      throw new AssertionError("the test migration does not plan: " + plan.refusals());
    }
    return plan;
  }

  static TimeBudget minutes(int n) {
    return TimeBudget.of(Instant.now(), Duration.ofMinutes(n));
  }

  /** Runs slices until the backfill phase is done, sleeping through holds. */
  static SliceResult backfillToEnd(PostgresRolloutEngine engine, String rolloutId)
      throws InterruptedException {
    for (int i = 0; i < 10_000; i++) {
      SliceResult r =
          engine.engine().runBackfillSlice(rolloutId, minutes(5), "test-" + rolloutId + "-" + i);
      if (r.status() == SliceResult.Status.DONE) {
        return r;
      }
      if (r.status() != SliceResult.Status.CONTINUE) {
        Thread.sleep(Math.min(2_000, r.waitSeconds() * 1000));
      }
    }
    throw new AssertionError("the backfill did not finish");
  }

  static long queryLong(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String queryString(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
