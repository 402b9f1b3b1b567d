package dev.migrationbot.rollout.engine;

import dev.migrationbot.rollout.backfill.ControllerConfig;
import dev.migrationbot.rollout.backfill.HealthConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How the engine paces itself. Plan steps carry their own lock timeouts and retry budgets; these
 * are the engine-wide ones.
 *
 * @param rows batch sizing of keyset backfills
 * @param pages batch sizing of ctid backfills
 * @param health the backfill's health gates
 * @param sliceMargin a slice stops when less than max(this, 3 × p95 batch time) is left of its
 *     budget; schema steps keep this much spare after an attempt
 * @param leaseTtl a backfill lease outlives its last batch by this much, so a crashed invocation
 *     hands the job over soon
 * @param batchLockTimeout bounds every lock wait of a batch
 * @param batchStatementTimeout bounds every statement of a batch
 * @param maxBatchFailures consecutive failed batches after which the job fails
 * @param batchRetryInitial first wait before retrying a failed batch (doubles, full jitter)
 * @param batchRetryMax longest wait before retrying a failed batch
 * @param longTransaction a session holding a conflicting lock in a transaction older than this is
 *     waited out instead of queued behind
 * @param maxSweepRounds how often VALIDATE may sweep violating rows and try again
 * @param pausedRecheck how long the workflow waits before looking at a paused job again
 * @param continueAfter backfill slices per workflow execution before it continues as a new one
 * @param etaAfter no ETA is given before the job has run this long
 */
public record EngineSettings(
    ControllerConfig rows,
    ControllerConfig pages,
    HealthConfig health,
    Duration sliceMargin,
    Duration leaseTtl,
    Duration batchLockTimeout,
    Duration batchStatementTimeout,
    int maxBatchFailures,
    Duration batchRetryInitial,
    Duration batchRetryMax,
    Duration longTransaction,
    int maxSweepRounds,
    Duration pausedRecheck,
    int continueAfter,
    Duration etaAfter) {

  public static final EngineSettings DEFAULTS =
      new EngineSettings(
          ControllerConfig.ROWS,
          ControllerConfig.PAGES,
          HealthConfig.DEFAULTS,
          Duration.ofSeconds(30),
          Duration.ofSeconds(30),
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          10,
          Duration.ofMillis(100),
          Duration.ofMillis(3_200),
          Duration.ofSeconds(1),
          3,
          Duration.ofMinutes(1),
          1_000,
          Duration.ofMinutes(1));

  public EngineSettings {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(pages, "pages");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(sliceMargin, "sliceMargin");
    Objects.requireNonNull(leaseTtl, "leaseTtl");
    Objects.requireNonNull(batchLockTimeout, "batchLockTimeout");
    Objects.requireNonNull(batchStatementTimeout, "batchStatementTimeout");
    Objects.requireNonNull(batchRetryInitial, "batchRetryInitial");
    Objects.requireNonNull(batchRetryMax, "batchRetryMax");
    Objects.requireNonNull(longTransaction, "longTransaction");
    Objects.requireNonNull(pausedRecheck, "pausedRecheck");
    Objects.requireNonNull(etaAfter, "etaAfter");
    if (maxBatchFailures < 1 || maxSweepRounds < 0 || continueAfter < 1) {
      throw new IllegalArgumentException(
          "need maxBatchFailures >= 1, maxSweepRounds >= 0 and continueAfter >= 1");
    }
  }

  public EngineSettings withControllers(ControllerConfig newRows, ControllerConfig newPages) {
    return new EngineSettings(
        newRows,
        newPages,
        health,
        sliceMargin,
        leaseTtl,
        batchLockTimeout,
        batchStatementTimeout,
        maxBatchFailures,
        batchRetryInitial,
        batchRetryMax,
        longTransaction,
        maxSweepRounds,
        pausedRecheck,
        continueAfter,
        etaAfter);
  }

  public EngineSettings withHealth(HealthConfig newHealth) {
    return new EngineSettings(
        rows,
        pages,
        newHealth,
        sliceMargin,
        leaseTtl,
        batchLockTimeout,
        batchStatementTimeout,
        maxBatchFailures,
        batchRetryInitial,
        batchRetryMax,
        longTransaction,
        maxSweepRounds,
        pausedRecheck,
        continueAfter,
        etaAfter);
  }

  public EngineSettings withSliceMargin(Duration margin) {
    return new EngineSettings(
        rows,
        pages,
        health,
        margin,
        leaseTtl,
        batchLockTimeout,
        batchStatementTimeout,
        maxBatchFailures,
        batchRetryInitial,
        batchRetryMax,
        longTransaction,
        maxSweepRounds,
        pausedRecheck,
        continueAfter,
        etaAfter);
  }

  public EngineSettings withLeaseTtl(Duration ttl) {
    return new EngineSettings(
        rows,
        pages,
        health,
        sliceMargin,
        ttl,
        batchLockTimeout,
        batchStatementTimeout,
        maxBatchFailures,
        batchRetryInitial,
        batchRetryMax,
        longTransaction,
        maxSweepRounds,
        pausedRecheck,
        continueAfter,
        etaAfter);
  }

  public EngineSettings withLongTransaction(Duration threshold) {
    return new EngineSettings(
        rows,
        pages,
        health,
        sliceMargin,
        leaseTtl,
        batchLockTimeout,
        batchStatementTimeout,
        maxBatchFailures,
        batchRetryInitial,
        batchRetryMax,
        threshold,
        maxSweepRounds,
        pausedRecheck,
        continueAfter,
        etaAfter);
  }

  public EngineSettings withBatchRetry(int maxFailures, Duration initial, Duration max) {
    return new EngineSettings(
        rows,
        pages,
        health,
        sliceMargin,
        leaseTtl,
        batchLockTimeout,
        batchStatementTimeout,
        maxFailures,
        initial,
        max,
        longTransaction,
        maxSweepRounds,
        pausedRecheck,
        continueAfter,
        etaAfter);
  }

  public EngineSettings withContinueAfter(int slices) {
    return new EngineSettings(
        rows,
        pages,
        health,
        sliceMargin,
        leaseTtl,
        batchLockTimeout,
        batchStatementTimeout,
        maxBatchFailures,
        batchRetryInitial,
        batchRetryMax,
        longTransaction,
        maxSweepRounds,
        pausedRecheck,
        slices,
        etaAfter);
  }
}
