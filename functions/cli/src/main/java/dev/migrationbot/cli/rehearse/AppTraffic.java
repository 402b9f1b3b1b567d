package dev.migrationbot.cli.rehearse;

import dev.migrationbot.rollout.plan.BackfillSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application during a rehearsal: readers fetch rows by key, writers update and insert single
 * rows, and once the deploy is seen the writers also write the new column, as the new release
 * would. Every operation's latency is kept, stamped with the phase it ran in.
 */
final class AppTraffic implements AutoCloseable {

  /** Each thread's pause between operations: about 100 operations per second per thread. */
  private static final long PAUSE_MILLIS = 10;

  interface Connections {
    Connection open(String applicationName) throws SQLException;
  }

  /** One table the application reads and writes. */
  record Target(String table, String key, String touchColumn, List<BackfillSpec.Assignment> fill) {}

  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean deploySeen = new AtomicBoolean();
  private final AtomicBoolean during = new AtomicBoolean();
  private final List<long[]> baseline = Collections.synchronizedList(new ArrayList<>());
  private final List<long[]> rollout = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong errors = new AtomicLong();

  /** Synthetic-row numbers far above the seeded ones, so unique values never collide. */
  private final AtomicLong insertKeys = new AtomicLong(1_000_000_000L);

  private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());

  AppTraffic(
      Connections connections,
      Target target,
      String insertBefore,
      String insertAfter,
      int readers,
      int writers)
      throws SQLException {
    long[] range = keyRange(connections, target);
    for (int i = 0; i < readers + writers; i++) {
      boolean writer = i >= readers;
      Connection c = connections.open("app/" + (writer ? "writer-" : "reader-") + i);
      long seed = i;
      Thread t =
          new Thread(
              () ->
                  loop(
                      c,
                      target,
                      insertBefore,
                      insertAfter,
                      writer,
                      range,
                      new SplittableRandom(seed)),
              "app-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  private static long[] keyRange(Connections connections, Target target) throws SQLException {
    try (Connection c = connections.open("app/setup");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT coalesce(min("
                    + target.key()
                    + ")::bigint, 1), coalesce(max("
                    + target.key()
                    + ")::bigint, 1) FROM "
                    + target.table())) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }

  private void loop(
      Connection c,
      Target target,
      String insertBefore,
      String insertAfter,
      boolean writer,
      long[] range,
      SplittableRandom random) {
    String where = " WHERE " + target.key() + " = ?";
    String fill =
        String.join(
            ", ",
            target.fill().stream()
                .map(a -> Seeder.quote(a.column()) + " = " + a.valueSql())
                .toList());
    try (c;
        PreparedStatement read = c.prepareStatement("SELECT * FROM " + target.table() + where);
        PreparedStatement touch =
            c.prepareStatement(
                "UPDATE "
                    + target.table()
                    + " SET "
                    + target.touchColumn()
                    + " = "
                    + target.touchColumn()
                    + where);
        PreparedStatement write =
            c.prepareStatement("UPDATE " + target.table() + " SET " + fill + where);
        PreparedStatement oldInsert = c.prepareStatement(insertBefore);
        PreparedStatement newInsert = c.prepareStatement(insertAfter)) {
      while (running.get()) {
        long key = range[0] + random.nextLong(range[1] - range[0] + 1);
        long start = System.nanoTime();
        try {
          if (!writer) {
            read.setLong(1, key);
            try (ResultSet rs = read.executeQuery()) {
              rs.next();
            }
          } else if (random.nextInt(10) == 0) {
            PreparedStatement insert = deploySeen.get() ? newInsert : oldInsert;
            insert.setLong(1, insertKeys.incrementAndGet());
            try (ResultSet rs = insert.executeQuery()) {
              rs.next();
            }
          } else {
            PreparedStatement update = deploySeen.get() ? write : touch;
            update.setLong(1, key);
            update.executeUpdate();
          }
        } catch (SQLException e) {
          errors.incrementAndGet();
          if (errorSamples.size() < 5) {
            errorSamples.add(e.getSQLState() + ": " + e.getMessage());
          }
        }
        long end = System.nanoTime();
        (during.get() ? rollout : baseline).add(new long[] {end - start});
        try {
          Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    } catch (SQLException e) {
      errors.incrementAndGet();
      errorSamples.add(e.getSQLState() + ": " + e.getMessage());
    }
  }

  /** From now on latencies count as "during the rollout". */
  void rolloutStarted() {
    during.set(true);
  }

  /** The new release is live: writers write the new column too. */
  void deploySeen() {
    deploySeen.set(true);
  }

  Latency baseline() {
    return Latency.of(baseline);
  }

  Latency duringRollout() {
    return Latency.of(rollout);
  }

  long errors() {
    return errors.get();
  }

  List<String> errorSamples() {
    return List.copyOf(errorSamples);
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(5_000);
    }
  }

  /** Latency figures in milliseconds. */
  record Latency(long operations, double p50Ms, double p99Ms, double maxMs) {
    static Latency of(List<long[]> samples) {
      long[] nanos;
      synchronized (samples) {
        nanos = samples.stream().mapToLong(s -> s[0]).sorted().toArray();
      }
      if (nanos.length == 0) {
        return new Latency(0, 0, 0, 0);
      }
      return new Latency(
          nanos.length,
          nanos[(int) Math.min(nanos.length - 1, Math.floor(nanos.length * 0.50))] / 1e6,
          nanos[(int) Math.min(nanos.length - 1, Math.floor(nanos.length * 0.99))] / 1e6,
          nanos[nanos.length - 1] / 1e6);
    }
  }
}
