package dev.migrationbot.rollout.port;

import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.rollout.backfill.Reading;
import dev.migrationbot.rollout.backfill.ReplicaLag;
import dev.migrationbot.rollout.backfill.VacuumActivity;

/** Reads the database signals the backfill's health gates decide on. */
public interface HealthProbe {

  Reading<ReplicaLag> replicaLag();

  Reading<VacuumActivity> vacuum(QualifiedName table);

  /** Client backends running a statement right now, the bot's own sessions excluded. */
  Reading<Integer> activeBackends();
}
