package dev.migrationbot.postgres;

import dev.migrationbot.rollout.engine.EnginePorts;
import dev.migrationbot.rollout.engine.EngineSettings;
import dev.migrationbot.rollout.engine.RolloutEngine;
import dev.migrationbot.rollout.port.Sleeper;
import dev.migrationbot.rollout.port.TimeSource;
import java.util.SplittableRandom;

/**
 * The rollout engine wired to one target database: the adapters of this module, the system clock
 * and a random source for jitter. Built once per warm Lambda environment; its sessions are reused
 * across invocations.
 */
public final class PostgresRolloutEngine implements AutoCloseable {

  private final JdbcRolloutStore store;
  private final JdbcSchemaChanges schema;
  private final JdbcBackfillJobs backfills;
  private final JdbcHealthProbe health;
  private final RolloutEngine engine;

  public PostgresRolloutEngine(ConnectionFactory connections, EngineSettings settings) {
    this(
        connections,
        settings,
        JdbcBackfillJobs.BatchHook.NONE,
        SystemTime.INSTANCE,
        SystemTime.INSTANCE);
  }

  PostgresRolloutEngine(
      ConnectionFactory connections,
      EngineSettings settings,
      JdbcBackfillJobs.BatchHook hook,
      TimeSource time,
      Sleeper sleeper) {
    this.store = new JdbcRolloutStore(connections);
    this.schema = new JdbcSchemaChanges(connections);
    this.backfills = new JdbcBackfillJobs(connections, hook);
    this.health = new JdbcHealthProbe(connections);
    this.engine =
        new RolloutEngine(
            new EnginePorts(
                store, schema, backfills, health, time, sleeper, new SplittableRandom()),
            settings);
  }

  public RolloutEngine engine() {
    return engine;
  }

  public JdbcRolloutStore store() {
    return store;
  }

  public JdbcBackfillJobs backfills() {
    return backfills;
  }

  @Override
  public void close() {
    health.close();
    backfills.close();
    schema.close();
    store.close();
  }
}
