package dev.migrationbot.rollout.plan;

/** The phases of a rollout, in the order they run. */
public enum Phase {
  /** Additive, backward-compatible schema changes the old application tolerates. */
  EXPAND,
  /** Data changes, run as keyset batches once the application writes the new column. */
  BACKFILL,
  /** Changes that need the new code live and the data complete: NOT NULL, drops, validation. */
  CONTRACT
}
