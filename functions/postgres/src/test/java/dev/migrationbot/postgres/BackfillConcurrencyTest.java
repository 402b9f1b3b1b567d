package dev.migrationbot.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.analyzer.Phase;
import dev.migrationbot.rollout.engine.SliceResult;
import dev.migrationbot.testing.PostgresTest;
import dev.migrationbot.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The backfill next to a live application: concurrent inserts and updates (some of which write the
 * new column themselves), and a second invocation racing for the same job.
 */
@PostgresTest
class BackfillConcurrencyTest {

  private static final int ROWS = 20_000;

  /**
   * orders.tag is the new column; the backfill writes {@code id * 10}, the application {@code -id}.
   * A trigger records every NULL to {@code id * 10} transition that commits, so the test can tell
   * exactly which rows the backfill filled.
   */
  static void createOrders(TestDatabase db, String table) throws SQLException {
    db.execute(
        "CREATE TABLE "
            + table
            + " (id bigint PRIMARY KEY, amount int NOT NULL DEFAULT 0, tag bigint);"
            + " INSERT INTO "
            + table
            + " (id) SELECT generate_series(1, "
            + ROWS
            + ");"
            + " CREATE TABLE "
            + table
            + "_fills (id bigint NOT NULL);"
            + " CREATE FUNCTION "
            + table
            + "_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " IF OLD.tag IS NULL AND NEW.tag = NEW.id * 10 THEN"
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

  private static String register(PostgresRolloutEngine engine, int major, String table) {
    return engine
        .engine()
        .register(
            Fixtures.rollout(
                major,
                Fixtures.step(
                    "backfill-1", Phase.BACKFILL, Fixtures.fill(table, "tag", "id * 10"))));
  }

  @Test
  void concurrentWritesAreNeverOverwrittenAndNoRowIsLeftBehind(TestDatabase db) throws Exception {
    createOrders(db, "orders");
    Set<Long> appWrote = ConcurrentHashMap.newKeySet();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong nextId = new AtomicLong(ROWS);
    AtomicLong writes = new AtomicLong();
    ExecutorService writers = Executors.newFixedThreadPool(3);
    List<Future<?>> futures = new ArrayList<>();
    CountDownLatch started = new CountDownLatch(3);
    for (int w = 0; w < 3; w++) {
      int seed = w;
      futures.add(
          writers.submit(
              () -> {
                Random random = new Random(seed);
                try (Connection c = db.connect("app");
                    PreparedStatement setsTag =
                        c.prepareStatement(
                            "UPDATE orders SET tag = -id, amount = amount + 1 WHERE id = ?");
                    PreparedStatement oldCode =
                        c.prepareStatement("UPDATE orders SET amount = amount + 1 WHERE id = ?");
                    PreparedStatement insert =
                        c.prepareStatement("INSERT INTO orders (id, tag) VALUES (?, ?)")) {
                  started.countDown();
                  while (running.get()) {
                    long id = 1 + random.nextInt(ROWS);
                    switch (random.nextInt(3)) {
                      case 0 -> {
                        setsTag.setLong(1, id);
                        setsTag.executeUpdate();
                        appWrote.add(id);
                      }
                      case 1 -> {
                        oldCode.setLong(1, id);
                        oldCode.executeUpdate();
                      }
                      default -> {
                        long newId = nextId.incrementAndGet();
                        insert.setLong(1, newId);
                        if (random.nextBoolean()) {
                          insert.setLong(2, -newId);
                        } else {
                          insert.setNull(2, java.sql.Types.BIGINT);
                        }
                        insert.executeUpdate();
                      }
                    }
                    writes.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    started.await();
    SliceResult done;
    long filledByBackfill;
    try (PostgresRolloutEngine engine =
        new PostgresRolloutEngine(Fixtures.connections(db), Fixtures.FAST)) {
      String id = register(engine, db.major(), "orders");
      done = Fixtures.backfillToEnd(engine, id);
    } finally {
      running.set(false);
      for (Future<?> f : futures) {
        f.get();
      }
      writers.shutdown();
    }
    filledByBackfill = Fixtures.queryLong(db, "SELECT count(*) FROM orders_fills");
    System.out.printf(
        "backfill under load: %,d application writes during the backfill, %,d rows written by"
            + " the application before or after the backfill reached them, %,d filled by the"
            + " backfill (rows_updated %,d)%n",
        writes.get(), appWrote.size(), filledByBackfill, done.rowsUpdated());

    assertThat(writes.get()).as("the application really wrote during the backfill").isPositive();
    assertThat(
            Fixtures.queryLong(
                db, "SELECT count(*) FROM orders WHERE id <= " + ROWS + " AND tag IS NULL"))
        .as("no row that existed at the start is left NULL")
        .isZero();
    assertThat(done.rowsUpdated()).as("rows_updated is exact").isEqualTo(filledByBackfill);
    assertThat(Fixtures.queryLong(db, "SELECT count(DISTINCT id) FROM orders_fills"))
        .as("no row filled twice")
        .isEqualTo(filledByBackfill);
    assertThat(
            Fixtures.queryLong(
                db,
                "SELECT count(*) FROM orders o WHERE o.id = ANY (?::bigint[]) AND o.tag <> -o.id"
                    .replace("?", "'{" + join(appWrote) + "}'")))
        .as("no value the application wrote was overwritten")
        .isZero();
  }

  @Test
  void twoSlicesRacingOnOneJobMakeProgressExactlyOnce(TestDatabase db) throws Exception {
    createOrders(db, "orders");
    String id;
    try (PostgresRolloutEngine setup =
        new PostgresRolloutEngine(Fixtures.connections(db), Fixtures.FAST)) {
      id = register(setup, db.major(), "orders");
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<List<SliceResult>>> racers = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    for (int r = 0; r < 2; r++) {
      String invocation = "racer-" + r;
      racers.add(
          pool.submit(
              () -> {
                List<SliceResult> results = new ArrayList<>();
                try (PostgresRolloutEngine engine =
                    new PostgresRolloutEngine(Fixtures.connections(db), Fixtures.FAST)) {
                  go.await();
                  for (int i = 0; i < 500; i++) {
                    SliceResult slice =
                        engine
                            .engine()
                            .runBackfillSlice(id, Fixtures.minutes(1), invocation + "-" + i);
                    results.add(slice);
                    if (slice.status() == SliceResult.Status.DONE) {
                      return results;
                    }
                    Thread.sleep(20);
                  }
                }
                return results;
              }));
    }
    go.countDown();
    List<SliceResult> all = new ArrayList<>();
    for (Future<List<SliceResult>> f : racers) {
      all.addAll(f.get());
    }
    pool.shutdown();
    assertThat(all)
        .as("one racer found the job busy")
        .anyMatch(
            s ->
                s.status() == SliceResult.Status.HOLDING
                    && s.reason().orElse("").contains("another invocation"));
    assertThat(Fixtures.queryLong(db, "SELECT count(*) FROM orders_fills")).isEqualTo(ROWS);
    assertThat(Fixtures.queryLong(db, "SELECT count(DISTINCT id) FROM orders_fills"))
        .isEqualTo(ROWS);
    assertThat(Fixtures.queryLong(db, "SELECT rows_updated FROM migration_bot.backfill_jobs"))
        .isEqualTo(ROWS);
  }

  @Test
  void anInvocationWhoseLeaseWasTakenOverStopsAtItsNextBatch(TestDatabase db) throws Exception {
    createOrders(db, "orders");
    CountDownLatch pausing = new CountDownLatch(1);
    CountDownLatch takenOver = new CountDownLatch(1);
    // A freezes in its first pause between batches (a stalled invocation) until B took over.
    dev.migrationbot.rollout.port.Sleeper frozenA =
        d -> {
          pausing.countDown();
          takenOver.await();
        };
    String id;
    try (PostgresRolloutEngine setup =
        new PostgresRolloutEngine(Fixtures.connections(db), Fixtures.FAST)) {
      id = register(setup, db.major(), "orders");
    }
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (PostgresRolloutEngine engineA =
            new PostgresRolloutEngine(
                Fixtures.connections(db),
                Fixtures.FAST,
                JdbcBackfillJobs.BatchHook.NONE,
                SystemTime.INSTANCE,
                frozenA);
        PostgresRolloutEngine engineB =
            new PostgresRolloutEngine(Fixtures.connections(db), Fixtures.FAST)) {
      Future<SliceResult> a =
          pool.submit(() -> engineA.engine().runBackfillSlice(id, Fixtures.minutes(1), "a"));
      pausing.await();
      db.execute(
          "UPDATE migration_bot.backfill_jobs SET lease_until = now() - interval '1 second'");
      SliceResult b = Fixtures.backfillToEnd(engineB, id);
      assertThat(b.status()).isEqualTo(SliceResult.Status.DONE);
      takenOver.countDown();
      SliceResult resultA = a.get();
      assertThat(resultA.status()).isEqualTo(SliceResult.Status.HOLDING);
      assertThat(resultA.reason()).hasValueSatisfying(r -> assertThat(r).contains("took"));
      assertThat(engineA.backfills().ofRollout(id).get(0).rowsUpdated()).isEqualTo(ROWS);
      assertThat(engineA.store().events(id))
          .filteredOn(e -> e.kind().equals("lease-lost"))
          .hasSize(1);
    } finally {
      pool.shutdown();
    }
    assertThat(Fixtures.queryLong(db, "SELECT count(*) FROM orders_fills")).isEqualTo(ROWS);
    assertThat(Fixtures.queryLong(db, "SELECT count(DISTINCT id) FROM orders_fills"))
        .isEqualTo(ROWS);
  }

  private static String join(Set<Long> ids) {
    StringBuilder s = new StringBuilder();
    for (Long id : ids) {
      if (s.length() > 0) {
        s.append(',');
      }
      s.append(id);
    }
    return s.toString();
  }
}
