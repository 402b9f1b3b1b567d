package dev.migrationbot.rollout.engine;

import dev.migrationbot.rollout.port.BackfillJobs;
import dev.migrationbot.rollout.port.HealthProbe;
import dev.migrationbot.rollout.port.RolloutStore;
import dev.migrationbot.rollout.port.SchemaChanges;
import dev.migrationbot.rollout.port.Sleeper;
import dev.migrationbot.rollout.port.TimeSource;
import java.util.Objects;
import java.util.random.RandomGenerator;

/** Everything the engine works through: the database adapters, the clock, sleeping, chance. */
public record EnginePorts(
    RolloutStore store,
    SchemaChanges schema,
    BackfillJobs backfills,
    HealthProbe health,
    TimeSource time,
    Sleeper sleeper,
    RandomGenerator random) {

  public EnginePorts {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(backfills, "backfills");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(random, "random");
  }
}
