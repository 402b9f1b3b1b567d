package dev.migrationbot.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.analyzer.Phase;
import dev.migrationbot.rollout.engine.EngineSettings;
import dev.migrationbot.rollout.engine.PhaseResult;
import dev.migrationbot.rollout.plan.RetryPolicy;
import dev.migrationbot.testing.PostgresTest;
import dev.migrationbot.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * One session keeps a transaction open on the table for 10 s while the application reads and writes
 * it every 10 ms. A plain ALTER TABLE queues behind the blocker and every application query queues
 * behind the ALTER: the application stalls for the blocker's whole transaction. The expand executor
 * waits at most lock_timeout per attempt and stops queueing once the blocker is old, so the
 * application never waits longer than lock_timeout (plus scheduling noise).
 */
@PostgresTest
class ExpandBehindBlockerTest {

  private static final Duration BLOCKER = Duration.ofSeconds(10);
  private static final Duration LOCK_TIMEOUT = Duration.ofMillis(500);
  private static final int APP_THREADS = 4;

  /** The application: threads that select and update random rows every 10 ms, timing each. */
  private static final class Application implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final List<long[]> latencies = new ArrayList<>();
    private final List<Integer> counts = new ArrayList<>();

    Application(TestDatabase db, String table) throws Exception {
      for (int t = 0; t < APP_THREADS; t++) {
        Connection c = db.connect("app");
        long[] samples = new long[20_000];
        latencies.add(samples);
        counts.add(0);
        int slot = t;
        Thread thread =
            new Thread(
                () -> {
                  int n = 0;
                  try (c;
                      PreparedStatement read =
                          c.prepareStatement("SELECT balance FROM " + table + " WHERE id = ?");
                      PreparedStatement write =
                          c.prepareStatement(
                              "UPDATE " + table + " SET balance = balance + 1 WHERE id = ?")) {
                    while (running.get() && n < samples.length) {
                      long start = System.nanoTime();
                      PreparedStatement s = n % 2 == 0 ? read : write;
                      s.setLong(1, ThreadLocalRandom.current().nextLong(1, 1_001));
                      s.execute();
                      samples[n++] = System.nanoTime() - start;
                      Thread.sleep(10);
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  } finally {
                    synchronized (counts) {
                      counts.set(slot, n);
                    }
                  }
                },
                "app-" + t);
        thread.start();
        threads.add(thread);
      }
    }

    /** Stops the threads; returns every latency in ms, sorted. */
    double[] stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join();
      }
      List<Double> all = new ArrayList<>();
      for (int t = 0; t < latencies.size(); t++) {
        for (int i = 0; i < counts.get(t); i++) {
          all.add(latencies.get(t)[i] / 1e6);
        }
      }
      return all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    @Override
    public void close() {
      running.set(false);
      for (Thread t : threads) {
        try {
          t.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static void createTable(TestDatabase db, String table) throws Exception {
    db.execute(
        "CREATE TABLE "
            + table
            + " (id bigint PRIMARY KEY, balance bigint NOT NULL DEFAULT 0);"
            + " INSERT INTO "
            + table
            + " (id) SELECT generate_series(1, 1000)");
  }

  /** Opens the blocker's transaction; it ends after {@link #BLOCKER}. */
  private static Thread startBlocker(TestDatabase db, String table) throws Exception {
    Connection c = db.connect("nightly-report");
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT sum(balance) FROM " + table).close();
    }
    Thread t =
        new Thread(
            () -> {
              try (c) {
                Thread.sleep(BLOCKER.toMillis());
                c.commit();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "blocker");
    t.start();
    return t;
  }

  private static String describe(String what, double[] ms) {
    return String.format(
        Locale.ROOT,
        "%-26s %5d queries, p50 %7.1f ms, p99 %7.1f ms, max %8.1f ms",
        what,
        ms.length,
        ms[ms.length / 2],
        ms[(int) Math.min(ms.length - 1, Math.ceil(ms.length * 0.99) - 1)],
        ms[ms.length - 1]);
  }

  @Test
  void applicationNeverWaitsLongerThanTheLockTimeout(TestDatabase db) throws Exception {
    createTable(db, "naive_accounts");
    createTable(db, "bot_accounts");

    double[] naive;
    try (Application app = new Application(db, "naive_accounts")) {
      Thread.sleep(1_000);
      Thread blocker = startBlocker(db, "naive_accounts");
      Thread.sleep(300);
      try (Connection c = db.connect("naive-migration");
          Statement s = c.createStatement()) {
        s.execute("ALTER TABLE naive_accounts ADD COLUMN status text");
      }
      blocker.join();
      Thread.sleep(300);
      naive = app.stop();
    }

    double[] bot;
    EngineSettings settings = Fixtures.FAST.withLongTransaction(Duration.ofSeconds(1));
    RetryPolicy policy =
        new RetryPolicy(
            LOCK_TIMEOUT,
            Duration.ofSeconds(30),
            Duration.ofMinutes(5),
            Duration.ofMillis(250),
            Duration.ofSeconds(2));
    try (PostgresRolloutEngine engine =
            new PostgresRolloutEngine(Fixtures.connections(db), settings);
        Application app = new Application(db, "bot_accounts")) {
      String id =
          engine
              .engine()
              .register(
                  Fixtures.rollout(
                      db.major(),
                      Fixtures.step(
                          "expand-1",
                          Phase.EXPAND,
                          Fixtures.ddl("ALTER TABLE bot_accounts ADD COLUMN status text"),
                          policy)));
      Thread.sleep(1_000);
      Thread blocker = startBlocker(db, "bot_accounts");
      Thread.sleep(300);
      PhaseResult result = engine.engine().runExpand(id, Fixtures.minutes(2));
      assertThat(result.status()).isEqualTo(PhaseResult.Status.DONE);
      blocker.join();
      Thread.sleep(300);
      bot = app.stop();
      long attempts =
          engine.store().events(id).stream().filter(e -> e.kind().equals("lock-timeout")).count();
      long waits =
          engine.store().events(id).stream()
              .filter(e -> e.kind().equals("waiting-for-long-transactions"))
              .count();
      System.out.printf(
          "expand behind a %d s blocker (lock_timeout %d ms):%n  %s%n  %s%n"
              + "  executor: %d attempt(s) timed out, %d wait(s) for the old transaction%n",
          BLOCKER.toSeconds(),
          LOCK_TIMEOUT.toMillis(),
          describe("naive ALTER TABLE:", naive),
          describe("expand executor:", bot),
          attempts,
          waits);
    }

    assertThat(naive[naive.length - 1])
        .as("the naive ALTER queues the application behind the blocker")
        .isGreaterThan(5_000);
    assertThat(bot[bot.length - 1])
        .as("with the executor no query waits longer than lock_timeout + 100 ms")
        .isLessThan(LOCK_TIMEOUT.toMillis() + 100);
  }
}
