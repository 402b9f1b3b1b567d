package dev.migrationbot.rollout.port;

import java.time.Instant;

/** The answer to a lease request on a backfill job. */
public sealed interface LeaseResult {

  /** The caller holds the lease; every batch must present {@code fence}. */
  record Acquired(BackfillJob job, long fence) implements LeaseResult {}

  /** Another invocation holds a live lease. */
  record Busy(String owner, Instant until) implements LeaseResult {}
}
