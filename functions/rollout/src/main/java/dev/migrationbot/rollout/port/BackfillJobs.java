package dev.migrationbot.rollout.port;

import dev.migrationbot.rollout.backfill.ControllerConfig;
import dev.migrationbot.rollout.plan.BackfillSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Backfill jobs and their batches, run against the target database. */
public interface BackfillJobs {

  /**
   * The job for {@code key}, created on first use: that is when the way to walk the table is
   * chosen, the upper bound captured and the load baseline measured. Rows that arrive later belong
   * to the application.
   *
   * @param rows controller settings for keyset walks
   * @param pages controller settings for ctid walks
   * @throws StepFailedException when the table cannot be walked safely
   */
  BackfillJob open(JobKey key, BackfillSpec spec, ControllerConfig rows, ControllerConfig pages);

  Optional<BackfillJob> find(JobKey key);

  List<BackfillJob> ofRollout(String rolloutId);

  /**
   * Takes the lease if it is free, expired, or already the caller's, and increments the fence so a
   * previous holder's batches fail.
   */
  LeaseResult acquire(long jobId, String owner, Duration ttl);

  /**
   * One batch in one transaction: checks the fence under FOR UPDATE, probes the next bound, updates
   * the rows that still need it, advances cursor and counters, commits.
   */
  BatchOutcome runBatch(BatchRequest request);

  /** Gives the lease up (if still held with {@code fence}) and records the job's new status. */
  void release(long jobId, long fence, JobTransition transition);

  /** Sets or clears the pause flag of every unfinished job of the rollout. */
  void requestPause(String rolloutId, boolean pause);

  /** Sets the cancel flag of every unfinished job of the rollout. */
  void requestCancel(String rolloutId);

  /** Puts failed jobs back to pending (their cursor is kept). */
  void resetFailed(String rolloutId);
}
