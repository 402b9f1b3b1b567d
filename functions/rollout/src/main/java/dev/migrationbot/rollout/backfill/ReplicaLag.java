package dev.migrationbot.rollout.backfill;

import java.time.Duration;
import java.util.Optional;

/**
 * How far the physical replicas are behind the primary, worst replica first.
 *
 * @param replicas streaming replicas connected to the primary; 0 means there is nothing to wait for
 * @param replayLag the largest replay lag reported; empty when no replica reports one (an idle
 *     replica that caught up reports none)
 * @param replayLagBytes the largest distance in WAL bytes between the primary's position and a
 *     replica's replay position
 */
public record ReplicaLag(int replicas, Optional<Duration> replayLag, long replayLagBytes) {

  public static final ReplicaLag NONE = new ReplicaLag(0, Optional.empty(), 0);
}
