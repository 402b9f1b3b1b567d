package dev.migrationbot.rollout.engine;

import dev.migrationbot.rollout.port.Event;
import dev.migrationbot.rollout.port.RolloutStore;
import dev.migrationbot.rollout.port.TimeSource;
import java.util.Map;
import java.util.Optional;

/** Appends to a rollout's event log, stamped with the engine's clock. */
final class Events {

  private final RolloutStore store;
  private final TimeSource time;

  Events(RolloutStore store, TimeSource time) {
    this.store = store;
    this.time = time;
  }

  void emit(String rolloutId, String stepId, String kind, Map<String, Object> detail) {
    store.append(new Event(rolloutId, Optional.ofNullable(stepId), kind, detail, time.now()));
  }
}
