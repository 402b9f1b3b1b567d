package dev.migrationbot.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrationbot.analyzer.Phase;
import dev.migrationbot.rollout.backfill.ControllerConfig;
import dev.migrationbot.rollout.engine.EngineSettings;
import dev.migrationbot.rollout.engine.SliceResult;
import dev.migrationbot.rollout.engine.TimeBudget;
import dev.migrationbot.rollout.port.TimeSource;
import dev.migrationbot.testing.PostgresTest;
import dev.migrationbot.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Interrupts one backfill at 50 random points and resumes it each time: connections killed
 * mid-batch with pg_terminate_backend, invocations that die between their batch and its commit, and
 * whole processes killed. The result must equal an uninterrupted run, with rows_updated exact.
 */
@PostgresTest
class CrashResumeTest {

  private static final int ROWS = 60_000;
  private static final int INTERRUPTIONS = 50;
  private static final String EXPRESSION = "md5(payload || id::text)";

  /** Small batches, so 50 interruptions land in one backfill; a crashed lease expires quickly. */
  static final EngineSettings SETTINGS =
      Fixtures.FAST
          .withControllers(
              ControllerConfig.ROWS.withSizes(150, 100, 300).withPause(Duration.ofMillis(2), 0.1),
              ControllerConfig.PAGES)
          .withLeaseTtl(Duration.ofMillis(400));

  /** What a thread that dies between its batch and the commit throws. */
  private static final class SimulatedCrash extends Error {
    SimulatedCrash() {
      super("the invocation died before committing its batch");
    }
  }

  private static void createTable(TestDatabase db, String table) throws Exception {
    db.execute(
        "CREATE TABLE "
            + table
            + " (id bigint PRIMARY KEY, payload text NOT NULL, filled text);"
            + " INSERT INTO "
            + table
            + " (id, payload) SELECT g, md5((g * 7)::text) FROM generate_series(1, "
            + ROWS
            + ") g;"
            + " CREATE TABLE "
            + table
            + "_fills (id bigint NOT NULL);"
            + " CREATE FUNCTION "
            + table
            + "_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " IF OLD.filled IS NULL AND NEW.filled IS NOT NULL THEN"
            + " INSERT INTO "
            + table
            + "_fills VALUES (NEW.id); END IF; RETURN NEW; END $$;"
            + " CREATE TRIGGER "
            + table
            + "_audit BEFORE UPDATE ON "
            + table
            + " FOR EACH ROW EXECUTE FUNCTION "
            + table
            + "_audit()");
  }

  private static String register(TestDatabase db, String table) throws Exception {
    try (PostgresRolloutEngine engine =
        new PostgresRolloutEngine(Fixtures.connections(db), SETTINGS)) {
      return engine
          .engine()
          .register(
              Fixtures.rollout(
                  db.major(),
                  Fixtures.step(
                      "backfill-1", Phase.BACKFILL, Fixtures.fill(table, "filled", EXPRESSION))));
    }
  }

  private static String checksum(TestDatabase db, String table) throws Exception {
    return Fixtures.queryString(
        db,
        "SELECT md5(string_agg(id || ':' || coalesce(filled, '-'), ',' ORDER BY id)) FROM "
            + table);
  }

  private static long batches(TestDatabase db) throws Exception {
    return Fixtures.queryLong(
        db,
        "SELECT coalesce(sum(batches), 0) FROM migration_bot.backfill_jobs WHERE step_id ="
            + " 'backfill-1' AND table_name = 'items'");
  }

  /** Runs one slice, retrying while the lease of a crashed invocation has not expired yet. */
  private static SliceResult slice(PostgresRolloutEngine engine, String id, Duration budget)
      throws InterruptedException {
    for (int i = 0; ; i++) {
      SliceResult r =
          engine.engine().runBackfillSlice(id, TimeBudget.of(Instant.now(), budget), "t-" + i);
      if (r.status() != SliceResult.Status.HOLDING) {
        return r;
      }
      Thread.sleep(100);
    }
  }

  @Test
  void aBackfillInterruptedFiftyTimesEndsLikeAnUninterruptedOne(TestDatabase db) throws Exception {
    createTable(db, "reference");
    createTable(db, "items");
    String reference = register(db, "reference");
    String id = register(db, "items");
    try (PostgresRolloutEngine engine =
        new PostgresRolloutEngine(Fixtures.connections(db), SETTINGS)) {
      Fixtures.backfillToEnd(engine, reference);
    }

    Random random = new Random(20_240_601);
    int killedMidBatch = 0;
    AtomicInteger terminated = new AtomicInteger();
    int crashedBeforeCommit = 0;
    int processesKilled = 0;
    int slices = 0;
    for (int i = 0; i < INTERRUPTIONS; i++) {
      if (i % 17 == 5) {
        killProcess(db, id, random);
        processesKilled++;
      } else if (random.nextBoolean()) {
        int fatal = 1 + random.nextInt(3);
        AtomicInteger seen = new AtomicInteger();
        JdbcBackfillJobs.BatchHook crash =
            (job, connection) -> {
              if (seen.incrementAndGet() == fatal) {
                throw new SimulatedCrash();
              }
            };
        PostgresRolloutEngine doomed =
            new PostgresRolloutEngine(
                Fixtures.connections(db),
                SETTINGS,
                crash,
                SystemTime.INSTANCE,
                SystemTime.INSTANCE);
        assertThatThrownBy(() -> slice(doomed, id, Duration.ofSeconds(30)))
            .isInstanceOf(SimulatedCrash.class);
        // The process is gone: its sockets close and the server rolls the open batch back.
        doomed.close();
        crashedBeforeCommit++;
        slices++;
      } else {
        // The invocation's time runs out at the first batch it commits after the kill, so each
        // of these slices does a little work, loses its connection, reconnects, and stops.
        AtomicBoolean killed = new AtomicBoolean();
        AtomicBoolean timeUp = new AtomicBoolean();
        JdbcBackfillJobs.BatchHook afterKill =
            (job, connection) -> {
              if (killed.get()) {
                timeUp.set(true);
              }
            };
        TimeSource clock =
            () -> timeUp.get() ? Instant.now().plus(Duration.ofHours(1)) : Instant.now();
        try (PostgresRolloutEngine engine =
            new PostgresRolloutEngine(
                Fixtures.connections(db), SETTINGS, afterKill, clock, SystemTime.INSTANCE)) {
          Thread killer =
              new Thread(
                  () -> {
                    try {
                      String session =
                          " FROM pg_stat_activity WHERE application_name ="
                              + " 'migration-bot/backfill/' || (SELECT id FROM"
                              + " migration_bot.backfill_jobs WHERE table_name = 'items')";
                      long until = System.nanoTime() + 3_000_000_000L;
                      while (Fixtures.queryLong(db, "SELECT count(*)" + session) == 0
                          && System.nanoTime() < until) {
                        Thread.sleep(2);
                      }
                      Thread.sleep(random.nextInt(25));
                      terminated.addAndGet(
                          (int)
                              Fixtures.queryLong(
                                  db,
                                  "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
                                      + session));
                      killed.set(true);
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  });
          killer.start();
          SliceResult r = slice(engine, id, Duration.ofSeconds(30));
          killer.join();
          assertThat(r.status()).isIn(SliceResult.Status.CONTINUE, SliceResult.Status.DONE);
          killedMidBatch++;
          slices++;
        }
      }
    }
    assertThat(Fixtures.queryLong(db, "SELECT count(*) FROM items WHERE filled IS NULL"))
        .as("the interruptions happened before the end, so the last resume has work left")
        .isPositive();
    SliceResult done;
    try (PostgresRolloutEngine engine =
        new PostgresRolloutEngine(Fixtures.connections(db), SETTINGS)) {
      done = Fixtures.backfillToEnd(engine, id);
    }
    long fills = Fixtures.queryLong(db, "SELECT count(*) FROM items_fills");
    System.out.printf(
        "crash/resume: %d interruptions (%d slices whose connection was killed, %d of them while"
            + " connected; %d invocations died before commit; %d processes killed), %d batches;"
            + " rows_updated %,d of %,d, %,d fills recorded; checksum %s%n",
        INTERRUPTIONS,
        killedMidBatch,
        terminated.get(),
        crashedBeforeCommit,
        processesKilled,
        batches(db),
        done.rowsUpdated(),
        ROWS,
        fills,
        checksum(db, "items").equals(checksum(db, "reference")) ? "equal" : "DIFFERENT");
    assertThat(processesKilled).isGreaterThanOrEqualTo(1);
    assertThat(terminated.get()).as("kills that hit a live backfill session").isPositive();
    assertThat(slices + processesKilled).isEqualTo(INTERRUPTIONS);
    assertThat(checksum(db, "items")).isEqualTo(checksum(db, "reference"));
    assertThat(done.rowsUpdated()).isEqualTo(ROWS);
    assertThat(fills).isEqualTo(ROWS);
    assertThat(Fixtures.queryLong(db, "SELECT count(DISTINCT id) FROM items_fills"))
        .isEqualTo(ROWS);
  }

  /** Starts a slice in a child JVM, lets it commit a few batches, then kills the process. */
  private static void killProcess(TestDatabase db, String id, Random random) throws Exception {
    long before = batches(db);
    long target = before + 1 + random.nextInt(3);
    Path log = Files.createTempFile("backfill-process", ".log");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                BackfillSliceProcess.class.getName(),
                db.jdbcUrl(),
                db.user(),
                id)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (batches(db) < target && child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(child.isAlive())
          .as("the child was still backfilling when killed: %s", Files.readString(log))
          .isTrue();
    } finally {
      child.destroyForcibly();
      child.waitFor();
      Files.deleteIfExists(log);
    }
    assertThat(batches(db)).isGreaterThan(before);
  }
}
