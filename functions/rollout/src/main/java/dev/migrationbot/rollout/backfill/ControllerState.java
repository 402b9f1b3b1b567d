package dev.migrationbot.rollout.backfill;

import java.util.List;

/**
 * What the batch-size controller has learnt, persisted with the job so the next invocation goes on
 * with the learnt size.
 *
 * @param size the size of the next batch
 * @param windowMicros durations of the batches run at {@code size} since it was last decided
 * @param recentMicros durations of the last batches at any size, for the slice's stopping margin
 */
public record ControllerState(int size, List<Long> windowMicros, List<Long> recentMicros) {

  public ControllerState {
    windowMicros = List.copyOf(windowMicros);
    recentMicros = List.copyOf(recentMicros);
    if (size < 1) {
      throw new IllegalArgumentException("a batch has at least one row or page, got " + size);
    }
  }

  public static ControllerState initial(ControllerConfig config) {
    return new ControllerState(config.initialSize(), List.of(), List.of());
  }
}
