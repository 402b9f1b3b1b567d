package dev.migrationbot.rollout.engine;

import dev.migrationbot.rollout.backfill.EtaRange;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a backfill slice reports to the workflow.
 *
 * @param status continue (call again now), holding (a gate said stop: wait), paused (wait and look
 *     again), done
 * @param waitSeconds how long the workflow waits before the next slice
 * @param reason why it holds or pauses
 * @param stepId the backfill step the slice worked on
 * @param cursor the job's cursor after the slice
 * @param unitsScanned rows (or pages, see {@code unit}) walked by the job so far
 * @param rowsUpdated rows changed by the job so far, exact
 * @param unit {@code rows}, or {@code pages} for a table walked by ctid ranges
 * @param unitsPerSecond the slice's own rate
 * @param eta the time still needed, once it can be told
 * @param continueAfter slices per workflow execution before it continues as a new one
 */
public record SliceResult(
    Status status,
    long waitSeconds,
    Optional<String> reason,
    Optional<String> stepId,
    Optional<List<String>> cursor,
    long unitsScanned,
    long rowsUpdated,
    String unit,
    double unitsPerSecond,
    Optional<EtaRange> eta,
    int continueAfter) {

  public enum Status {
    CONTINUE,
    HOLDING,
    PAUSED,
    DONE;

    /** As the workflow's Choice states compare it. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
