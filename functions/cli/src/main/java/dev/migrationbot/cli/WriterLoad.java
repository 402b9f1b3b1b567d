package dev.migrationbot.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The application's writes while a backfill runs: each thread, on its own connection in autocommit,
 * runs single-row updates of random existing rows and inserts of new rows (three updates to one
 * insert) at a fixed rate, and times every operation. A slot missed because an operation was slow
 * is skipped, not caught up, so a stall shows as one long operation. Single-row writes in
 * autocommit cannot deadlock with a backfill, so any error ends the benchmark.
 *
 * <p>New rows come with the new column already set, as the deployed application writes them, so the
 * backfill has exactly the rows that existed before it started to fill.
 */
final class WriterLoad implements AutoCloseable {

  /** What the writers saw while they ran. */
  record Latencies(long operations, double p50Ms, double p99Ms, double maxMs) {

    static Latencies of(List<long[]> perThread) {
      int total = perThread.stream().mapToInt(a -> a.length).sum();
      long[] all = new long[total];
      int at = 0;
      for (long[] part : perThread) {
        System.arraycopy(part, 0, all, at, part.length);
        at += part.length;
      }
      java.util.Arrays.sort(all);
      return new Latencies(
          total,
          millis(percentile(all, 0.50)),
          millis(percentile(all, 0.99)),
          millis(total == 0 ? 0 : all[total - 1]));
    }

    /** Nearest rank. */
    private static long percentile(long[] sorted, double p) {
      if (sorted.length == 0) {
        return 0;
      }
      int rank = (int) Math.ceil(p * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double millis(long nanos) {
      return Math.round(nanos / 10_000.0) / 100.0;
    }
  }

  private final List<Worker> workers = new ArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private volatile boolean measuring;

  private WriterLoad() {}

  /**
   * Starts {@code threads} writers on the table, each at {@code ratePerThread} operations per
   * second.
   *
   * @param existingRows updates pick ids 1..existingRows
   * @param nextId the first id new rows take; shared by all runs so ids never collide
   */
  static WriterLoad start(
      BenchTable table, int threads, int ratePerThread, long existingRows, AtomicLong nextId)
      throws SQLException {
    WriterLoad load = new WriterLoad();
    long intervalNanos = 1_000_000_000L / ratePerThread;
    try {
      for (int i = 0; i < threads; i++) {
        Connection c = table.connect("bench-writer-" + i);
        Worker w = load.new Worker(c, table, intervalNanos, existingRows, nextId, 7919L * (i + 1));
        load.workers.add(w);
      }
    } catch (SQLException e) {
      load.close();
      throw e;
    }
    load.workers.forEach(Worker::begin);
    return load;
  }

  /** Operations that start from now on count; earlier ones were the warm-up. */
  void measureFromNow() {
    measuring = true;
  }

  /** Stops the writers and returns what they measured. */
  Latencies stop() throws InterruptedException {
    stop.set(true);
    List<long[]> samples = new ArrayList<>();
    for (Worker w : workers) {
      w.thread.join();
      samples.add(w.samples());
      if (w.failure != null) {
        throw new IllegalStateException(
            "a bench writer failed: " + w.failure.getMessage(), w.failure);
      }
    }
    return Latencies.of(samples);
  }

  @Override
  public void close() {
    stop.set(true);
    for (Worker w : workers) {
      try {
        if (w.thread.isAlive()) {
          w.thread.join();
        }
        w.connection.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (SQLException ignored) {
        // the run is over; a connection that does not close cleanly changes no figure
      }
    }
  }

  private final class Worker implements Runnable {
    private final Connection connection;
    private final BenchTable table;
    private final long intervalNanos;
    private final long existingRows;
    private final AtomicLong nextId;
    private final SplittableRandom random;
    private final Thread thread;
    private long[] nanos = new long[4096];
    private int count;
    private volatile Exception failure;

    Worker(
        Connection connection,
        BenchTable table,
        long intervalNanos,
        long existingRows,
        AtomicLong nextId,
        long seed) {
      this.connection = connection;
      this.table = table;
      this.intervalNanos = intervalNanos;
      this.existingRows = existingRows;
      this.nextId = nextId;
      this.random = new SplittableRandom(seed);
      this.thread = new Thread(this, "bench-writer");
      this.thread.setDaemon(true);
    }

    void begin() {
      thread.start();
    }

    long[] samples() {
      return java.util.Arrays.copyOf(nanos, count);
    }

    @Override
    public void run() {
      try (PreparedStatement update = connection.prepareStatement(table.writerUpdate());
          PreparedStatement insert = connection.prepareStatement(table.writerInsert())) {
        long next = System.nanoTime() + random.nextLong(intervalNanos);
        while (!stop.get()) {
          long wait = next - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
            continue;
          }
          boolean counted = measuring;
          long started = System.nanoTime();
          if (random.nextInt(4) == 0) {
            table.bindInsert(insert, nextId.getAndIncrement(), random);
            insert.executeUpdate();
          } else {
            table.bindUpdate(update, 1 + random.nextLong(existingRows), random);
            update.executeUpdate();
          }
          long finished = System.nanoTime();
          if (counted) {
            record(finished - started);
          }
          next += intervalNanos;
          if (next < finished) {
            next = finished + intervalNanos - (finished - next) % intervalNanos;
          }
        }
      } catch (SQLException | RuntimeException e) {
        failure = e;
      }
    }

    private void record(long took) {
      if (count == nanos.length) {
        nanos = java.util.Arrays.copyOf(nanos, count * 2);
      }
      nanos[count++] = took;
    }
  }
}
