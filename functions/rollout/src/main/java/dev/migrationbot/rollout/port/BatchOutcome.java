package dev.migrationbot.rollout.port;

import java.time.Duration;
import java.util.List;

/** How one batch ended. */
public sealed interface BatchOutcome {

  /**
   * The batch and the job's new cursor and counters committed together.
   *
   * @param cursor the new cursor
   * @param scanned units walked (keys, or pages)
   * @param updated rows changed
   * @param took from the batch's first statement to its commit
   * @param finished the cursor reached the upper bound: the job is done
   * @param blockedSessions application sessions waiting on the batch's locks just before commit
   * @param longestBlockedWait the longest of their waits
   */
  record Committed(
      List<String> cursor,
      long scanned,
      long updated,
      Duration took,
      boolean finished,
      int blockedSessions,
      Duration longestBlockedWait)
      implements BatchOutcome {
    public Committed {
      cursor = List.copyOf(cursor);
    }
  }

  /** The fence no longer matches: another invocation took the job over. Nothing committed. */
  record LeaseLost() implements BatchOutcome {}

  /** The job was asked to pause or stop; nothing ran. */
  record Interrupted(boolean cancel) implements BatchOutcome {}

  /**
   * Rolled back for a reason that may pass: a lock or statement timeout, a deadlock, a
   * serialization failure, or a lost connection.
   *
   * @param timeout the batch was too slow (statement or lock timeout): halve it
   * @param connectionLost the session died; the next batch reconnects (and checks that the server
   *     is still the primary)
   */
  record Retryable(
      String sqlState, String message, boolean timeout, boolean connectionLost, Duration took)
      implements BatchOutcome {}

  /**
   * The batch failed on the data (22xxx, 23xxx) and was narrowed down to one row.
   *
   * @param key the failing row's key, e.g. {@code (id)=(42)}
   */
  record DataError(String sqlState, String message, String key) implements BatchOutcome {}
}
