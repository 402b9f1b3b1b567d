package dev.migrationbot.cli.rehearse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.migrationbot.local.Execution;
import dev.migrationbot.local.StateMachineTools;
import dev.migrationbot.rollout.backfill.HealthConfig;
import dev.migrationbot.rollout.engine.EngineSettings;
import dev.migrationbot.rollout.port.Reaction;
import dev.migrationbot.rollout.workflow.RolloutWorkflow;
import dev.migrationbot.testing.LocalEngines;
import dev.migrationbot.testing.PostgresTest;
import dev.migrationbot.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rollout from the merge to the final report: the webhook's bot starts it and steers it by
 * comment, the real state machine definition runs on the local ASL engine, every task is the real
 * step handler, the database is embedded PostgreSQL.
 */
@PostgresTest
class RolloutEndToEndTest {

  private static final int ROWS = 20_000;
  private static final String ADD_STATUS =
      """
      ALTER TABLE orders ADD COLUMN status text;
      UPDATE orders SET status = CASE WHEN shipped THEN 'shipped' ELSE 'placed' END;
      ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
      """;

  private StateMachineTools tools;

  @BeforeEach
  void tools() {
    tools = LocalEngines.stateMachineTools();
  }

  /** Engine defaults, with slices and gates sized for a test that takes seconds, not hours. */
  private static EngineSettings settings() {
    return EngineSettings.DEFAULTS.withSliceMargin(Duration.ofMillis(100));
  }

  private static void orders(TestDatabase db, int rows) throws SQLException {
    db.execute(
        "CREATE TABLE orders (id bigint PRIMARY KEY, shipped boolean NOT NULL, total text,"
            + " legacy_code text)");
    db.execute(
        "INSERT INTO orders SELECT g, g % 3 = 0, (g % 500)::text || '.50', 'L' || g"
            + " FROM generate_series(1, "
            + rows
            + ") g");
    db.execute("ANALYZE orders");
  }

  private static long count(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String text(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static List<String> statuses(List<JsonNode> results) {
    return results.stream().map(r -> r.path("status").asText()).toList();
  }

  private static boolean notNull(TestDatabase db, String column) throws SQLException {
    return count(
            db,
            "SELECT count(*) FROM pg_attribute WHERE attrelid = 'orders'::regclass"
                + " AND attname = '"
                + column
                + "' AND attnotnull")
        == 1;
  }

  private static long rowsUpdated(TestDatabase db) throws SQLException {
    return count(db, "SELECT sum(rows_updated) FROM migration_bot.backfill_jobs");
  }

  @Test
  void mergeToReportWithADeploySeenAfterPollsAndAHoldOnLoad(TestDatabase db) throws Exception {
    orders(db, ROWS);
    // Active backends above max(1.0 × baseline, baseline + 2) stop the backfill, read every batch.
    HealthConfig health =
        HealthConfig.DEFAULTS.withBackends(1.0, 2, Duration.ofSeconds(5), Duration.ZERO);
    Load load = new Load(db, 4);
    try (RolloutWorld world = new RolloutWorld(tools, db, settings().withHealth(health))) {
      world
          .sliceTime(Duration.ofMillis(400))
          .hook(
              "CheckDeploy",
              (call, result) -> {
                if (call == 2) {
                  world.deployed();
                }
              })
          .hook(
              "BackfillSlice",
              (call, result) -> {
                if (call == 1) {
                  load.start();
                }
                if (result.path("status").asText().equals("holding")) {
                  load.stop();
                }
              });

      world.openApproveAndMerge(ADD_STATUS);
      List<Execution> executions = world.runExecutions();

      assertThat(executions).singleElement().satisfies(e -> assertSucceeded(world, e));
      assertThat(world.results("CheckDeploy"))
          .extracting(r -> r.path("seen").asBoolean())
          .containsExactly(false, false, true);
      List<String> slices = statuses(world.results("BackfillSlice"));
      assertThat(slices).contains("holding").endsWith("done");
      assertThat(slices).as("several slices").hasSizeGreaterThanOrEqualTo(3).contains("continue");
      assertThat(
              world.results("BackfillSlice").stream()
                  .filter(r -> r.path("status").asText().equals("holding"))
                  .findFirst()
                  .orElseThrow()
                  .path("reason")
                  .asText())
          .contains("active backends");

      assertThat(count(db, "SELECT count(*) FROM orders WHERE status IS NULL")).isZero();
      assertThat(count(db, "SELECT count(*) FROM orders WHERE status = 'shipped'"))
          .isEqualTo(ROWS / 3);
      assertThat(notNull(db, "status")).isTrue();
      assertThat(rowsUpdated(db)).isEqualTo(ROWS);
      assertThat(
              count(
                  db,
                  "SELECT count(*) FROM pg_constraint WHERE conrelid = 'orders'::regclass"
                      + " AND contype = 'c'"))
          .as("the scaffolding CHECK is dropped after SET NOT NULL")
          .isZero();

      assertThat(world.botComments()).isEqualTo(1);
      String comment = world.botComment();
      assertThat(comment).contains("Rollout").contains("20,000").containsIgnoringCase("hold");
      assertThat(
              world.github.checkRun(
                  RolloutWorld.REPO, RolloutWorld.MERGE, RolloutWorkflow.CHECK_NAME))
          .hasValueSatisfying(
              run -> {
                assertThat(run.run().status().toString()).isEqualToIgnoringCase("completed");
                assertThat(run.run().conclusion().orElseThrow().toString())
                    .isEqualToIgnoringCase("success");
              });
      assertThat(world.metricLines()).isGreaterThan(slices.size());
    } finally {
      load.stop();
    }
  }

  @Test
  void expandWaitsOutABlockingTransactionWithoutStallingTheApplication(TestDatabase db)
      throws Exception {
    orders(db, 2_000);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    CountDownLatch blocking = new CountDownLatch(1);
    AtomicLong appMaxMicros = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);
    Future<?> blocker =
        threads.submit(
            () -> {
              try (Connection c = db.connect("long-report")) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                  s.executeQuery("SELECT count(*) FROM orders").close();
                  blocking.countDown();
                  Thread.sleep(4_000);
                }
                c.commit();
              }
              return null;
            });
    Future<?> app =
        threads.submit(
            () -> {
              try (Connection c = db.connect("shop");
                  PreparedStatement read =
                      c.prepareStatement("SELECT shipped FROM orders WHERE id = ?")) {
                int i = 0;
                while (running.get()) {
                  long start = System.nanoTime();
                  read.setInt(1, 1 + (i++ % 2_000));
                  read.executeQuery().close();
                  appMaxMicros.accumulateAndGet((System.nanoTime() - start) / 1_000, Math::max);
                  Thread.sleep(10);
                }
              }
              return null;
            });
    assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
    try (RolloutWorld world = new RolloutWorld(tools, db, settings())) {
      world.sliceTime(Duration.ofSeconds(2)).hook("Expand", (call, result) -> world.deployed());
      long started = System.nanoTime();
      world.openApproveAndMerge(ADD_STATUS);
      List<Execution> executions = world.runExecutions();
      running.set(false);
      blocker.get(10, TimeUnit.SECONDS);
      app.get(10, TimeUnit.SECONDS);

      assertThat(executions).singleElement().satisfies(e -> assertSucceeded(world, e));
      assertThat((System.nanoTime() - started) / 1_000_000)
          .as("the ALTER waited for the blocking transaction")
          .isGreaterThan(3_000);
      assertThat(statuses(world.results("Expand"))).endsWith("done");
      assertThat(
              count(
                  db,
                  "SELECT count(*) FROM migration_bot.events WHERE kind IN"
                      + " ('lock-timeout', 'waiting-for-long-transactions')"
                      + " AND detail::text LIKE '%long-report%'"))
          .as("the blocker is recorded with its application_name")
          .isPositive();
      assertThat(world.botComment()).contains("long-report");
      assertThat(count(db, "SELECT count(*) FROM orders WHERE status IS NULL")).isZero();
      System.out.printf(
          "expand behind a 4 s blocking transaction: application max %.1f ms%n",
          appMaxMicros.get() / 1_000.0);
      assertThat(appMaxMicros.get())
          .as("the application's reads never queued behind the ALTER for long")
          .isLessThan(1_000_000);
    } finally {
      running.set(false);
      threads.shutdownNow();
    }
  }

  @Test
  void pauseAndResumeByCommandAndAContractThatDropsWaitsForItsCommand(TestDatabase db)
      throws Exception {
    orders(db, ROWS);
    String migration = ADD_STATUS + "ALTER TABLE orders DROP COLUMN legacy_code;\n";
    List<String> said = new ArrayList<>();
    try (RolloutWorld world = new RolloutWorld(tools, db, settings())) {
      world
          .sliceTime(Duration.ofMillis(300))
          .hook("Expand", (call, result) -> world.deployed())
          .hook(
              "BackfillSlice",
              (call, result) -> {
                if (call == 1) {
                  said.add("pause " + world.comment("alice", "/migration pause"));
                }
                long paused =
                    world.results("BackfillSlice").stream()
                        .filter(r -> r.path("status").asText().equals("paused"))
                        .count();
                if (paused == 2 && result.path("status").asText().equals("paused")) {
                  said.add("resume " + world.comment("bob", "/migration resume"));
                }
              })
          .hook(
              "ContractGate",
              (call, result) -> {
                if (call == 1) {
                  said.add("reader " + world.comment("carol", "/migration contract"));
                }
                if (call == 2) {
                  assertThat(legacyColumnExists(db)).isTrue();
                  said.add("contract " + world.comment("bob", "/migration contract"));
                }
              });

      world.openApproveAndMerge(migration);
      List<Execution> executions = world.runExecutions();

      assertThat(executions).singleElement().satisfies(e -> assertSucceeded(world, e));
      assertThat(said)
          .containsExactly(
              "pause [" + Reaction.PLUS_ONE + "]",
              "resume [" + Reaction.PLUS_ONE + "]",
              "reader [" + Reaction.MINUS_ONE + "]",
              "contract [" + Reaction.PLUS_ONE + "]");
      List<String> slices = statuses(world.results("BackfillSlice"));
      assertThat(slices.subList(1, 3)).containsExactly("paused", "paused");
      assertThat(slices).endsWith("done");
      assertThat(world.results("ContractGate"))
          .extracting(r -> r.path("open").asBoolean())
          .containsExactly(false, false, true);
      assertThat(legacyColumnExists(db)).isFalse();
      assertThat(notNull(db, "status")).isTrue();
      assertThat(rowsUpdated(db)).isEqualTo(ROWS);
      assertThat(
              text(
                  db,
                  "SELECT string_agg(kind || ':' || coalesce(detail->>'by', ''), ',' ORDER BY id)"
                      + " FROM migration_bot.events WHERE kind IN ('pause-requested',"
                      + " 'resume-requested', 'contract-approved')"))
          .isEqualTo("pause-requested:alice,resume-requested:bob,contract-approved:bob");
    }
  }

  private static boolean legacyColumnExists(TestDatabase db) throws SQLException {
    return count(
            db,
            "SELECT count(*) FROM pg_attribute WHERE attrelid = 'orders'::regclass"
                + " AND attname = 'legacy_code' AND NOT attisdropped")
        == 1;
  }

  @Test
  void aDataErrorIsReportedAndRetryGoesOnFromTheCheckpoint(TestDatabase db) throws Exception {
    orders(db, ROWS);
    db.execute("UPDATE orders SET total = 'n/a' WHERE id = 12345");
    // every change of the new column is counted: a retry must not fill a row twice
    db.execute("CREATE TABLE filled (id bigint NOT NULL)");
    db.execute(
        "CREATE FUNCTION count_fill() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN INSERT INTO filled VALUES (NEW.id); RETURN NEW; END $$");
    String migration =
        """
        ALTER TABLE orders ADD COLUMN total_cents bigint;
        UPDATE orders SET total_cents = (total::numeric * 100)::bigint;
        ALTER TABLE orders ALTER COLUMN total_cents SET NOT NULL;
        """;
    try (RolloutWorld world = new RolloutWorld(tools, db, settings())) {
      world
          .sliceTime(Duration.ofMillis(500))
          .hook(
              "Expand",
              (call, result) -> {
                if (call == 1) {
                  db.execute(
                      "CREATE TRIGGER count_fill AFTER UPDATE OF total_cents ON orders FOR EACH ROW"
                          + " WHEN (OLD.total_cents IS DISTINCT FROM NEW.total_cents)"
                          + " EXECUTE FUNCTION count_fill()");
                }
                world.deployed();
              });

      world.openApproveAndMerge(migration);
      List<Execution> failed = world.runExecutions();

      assertThat(failed).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo("FAILED"));
      assertThat(world.results("ReportFailure")).hasSize(1);
      String failure = world.botComment();
      assertThat(failure).contains("12345").contains("/migration retry");
      long atFailure = rowsUpdated(db);
      assertThat(atFailure).isBetween(1L, (long) ROWS - 1);
      assertThat(text(db, "SELECT status FROM migration_bot.rollouts")).isEqualTo("failed");

      db.execute("UPDATE orders SET total = '7.25' WHERE id = 12345");
      assertThat(world.comment("carol", "/migration retry")).containsExactly(Reaction.MINUS_ONE);
      assertThat(world.comment("alice", "/migration retry")).containsExactly(Reaction.PLUS_ONE);
      List<Execution> retried = world.runExecutions();

      assertThat(world.executionNames()).hasSize(2).last().asString().endsWith("-retry-1");
      assertThat(retried).singleElement().satisfies(e -> assertSucceeded(world, e));
      assertThat(rowsUpdated(db)).isEqualTo(ROWS);
      assertThat(count(db, "SELECT count(*) FROM filled")).isEqualTo(ROWS);
      assertThat(count(db, "SELECT count(DISTINCT id) FROM filled")).isEqualTo(ROWS);
      assertThat(count(db, "SELECT total_cents FROM orders WHERE id = 12345")).isEqualTo(725);
      assertThat(notNull(db, "total_cents")).isTrue();
      assertThat(text(db, "SELECT status FROM migration_bot.rollouts")).isEqualTo("done");
    }
  }

  @Test
  void everyTaskInvokedTwiceAtOnceStillRollsOutOnce(TestDatabase db) throws Exception {
    orders(db, ROWS);
    try (RolloutWorld world = new RolloutWorld(tools, db, settings())) {
      world
          .duplicateEveryTask()
          .sliceTime(Duration.ofMillis(300))
          .hook("Expand", (call, result) -> world.deployed());

      world.openApproveAndMerge(ADD_STATUS);
      List<Execution> executions = world.runExecutions();
      List<Throwable> duplicateFailures = world.duplicateFailures();

      assertThat(executions).singleElement().satisfies(e -> assertSucceeded(world, e));
      assertThat(duplicateFailures)
          .as("a duplicate may lose a race, never corrupt")
          .allSatisfy(
              t -> assertThat(t.getClass().getSimpleName()).isEqualTo("TransientStepFailure"));
      assertThat(count(db, "SELECT count(*) FROM orders WHERE status IS NULL")).isZero();
      assertThat(rowsUpdated(db)).isEqualTo(ROWS);
      assertThat(count(db, "SELECT count(*) FROM migration_bot.backfill_jobs")).isEqualTo(1);
      assertThat(notNull(db, "status")).isTrue();
      assertThat(world.botComments()).isEqualTo(1);
      assertThat(text(db, "SELECT status FROM migration_bot.rollouts")).isEqualTo("done");
    }
  }

  @Test
  void aLongBackfillContinuesAsNewExecutionsAndFinishes(TestDatabase db) throws Exception {
    orders(db, ROWS);
    try (RolloutWorld world = new RolloutWorld(tools, db, settings().withContinueAfter(3))) {
      world.sliceTime(Duration.ofMillis(200)).hook("Expand", (call, result) -> world.deployed());

      world.openApproveAndMerge(ADD_STATUS);
      List<Execution> executions = world.runExecutions();

      assertThat(executions.size()).isGreaterThanOrEqualTo(2);
      assertThat(executions).allSatisfy(e -> assertSucceeded(world, e));
      assertThat(executions.get(0).statesEntered()).endsWith("ContinueAsNew", "ContinuedAsNew");
      assertThat(executions.get(1).statesEntered())
          .startsWith("Route", "InitBackfillLoop", "BackfillSlice")
          .doesNotContain("Plan", "Expand");
      assertThat(executions.get(executions.size() - 1).statesEntered()).endsWith("Report", "Done");
      assertThat(rowsUpdated(db)).isEqualTo(ROWS);
      assertThat(notNull(db, "status")).isTrue();
      for (Execution e : executions) {
        assertThat(e.statesEntered().stream().filter("BackfillSlice"::equals).count())
            .isLessThanOrEqualTo(3);
      }
    }
  }

  private static void assertSucceeded(RolloutWorld world, Execution e) {
    assertThat(e.succeeded())
        .as("%s: %s %s%n%s", e.status(), e.error(), e.cause(), world.botComment())
        .isTrue();
  }

  /**
   * Sessions that stay active until stopped: each waits on an advisory lock the load holds, which
   * counts as an active backend without using the CPU.
   */
  private static final class Load {
    private final TestDatabase db;
    private final int sessions;
    private Connection holder;
    private ExecutorService waiters;

    Load(TestDatabase db, int sessions) {
      this.db = db;
      this.sessions = sessions;
    }

    synchronized void start() throws Exception {
      holder = db.connect("load-holder");
      try (Statement s = holder.createStatement()) {
        s.execute("SELECT pg_advisory_lock(4242)");
      }
      waiters = Executors.newFixedThreadPool(sessions);
      for (int i = 0; i < sessions; i++) {
        waiters.submit(
            () -> {
              try (Connection c = db.connect("load");
                  Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_lock(4242)");
                s.execute("SELECT pg_advisory_unlock(4242)");
              }
              return null;
            });
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (count(
              db,
              "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'load'"
                  + " AND state = 'active'")
          < sessions) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the load sessions did not start");
        }
        Thread.sleep(20);
      }
    }

    synchronized void stop() throws Exception {
      if (holder == null) {
        return;
      }
      holder.close();
      holder = null;
      waiters.shutdown();
      waiters.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
