package dev.migrationbot.rollout.port;

import dev.migrationbot.rollout.config.DatabaseTarget;
import dev.migrationbot.rollout.engine.RolloutEngine;

/**
 * The rollout engine of each configured database. Adapters open the connection with the target's
 * credentials and keep the engine for later invocations of a warm environment.
 */
public interface RolloutEngines {

  /**
   * @throws TransientFailureException when the database cannot be reached now
   */
  RolloutEngine of(DatabaseTarget target);
}
