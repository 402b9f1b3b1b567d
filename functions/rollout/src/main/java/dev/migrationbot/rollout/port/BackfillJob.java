package dev.migrationbot.rollout.port;

import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.rollout.backfill.ControllerState;
import dev.migrationbot.rollout.backfill.KeyChoice;
import dev.migrationbot.rollout.plan.BackfillSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A backfill job as stored.
 *
 * @param walk how the table is walked: keyset on a unique key, or ctid block ranges
 * @param cursor the last key (or the next block) done; empty before the first batch
 * @param upperBound the last key (or the block count) when the job started; empty when the table
 *     was empty
 * @param estimatedTotal the planner's estimate of the units to scan (rows, or pages for ctid)
 * @param rowsScanned units walked so far (keys, or pages for ctid)
 * @param rowsUpdated rows the job changed; exact, committed with each batch
 * @param baselineActiveBackends active backends when the job started
 */
public record BackfillJob(
    long id,
    JobKey key,
    QualifiedName table,
    BackfillSpec spec,
    KeyChoice walk,
    Optional<List<String>> cursor,
    Optional<List<String>> upperBound,
    Optional<Long> estimatedTotal,
    long rowsScanned,
    long rowsUpdated,
    long batches,
    ControllerState controller,
    JobStatus status,
    Optional<Instant> holdUntil,
    Optional<String> holdReason,
    Optional<String> leaseOwner,
    Optional<Instant> leaseUntil,
    long fence,
    boolean pauseRequested,
    boolean cancelRequested,
    Optional<String> lastError,
    Optional<String> failedKey,
    int baselineActiveBackends,
    Instant createdAt,
    Optional<Instant> finishedAt) {

  /** What the job counts in: rows for keyset walks, heap pages for ctid ranges. */
  public String unit() {
    return walk instanceof KeyChoice.CtidRanges ? "pages" : "rows";
  }
}
