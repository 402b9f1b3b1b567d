package dev.migrationbot.rollout.port;

import dev.migrationbot.analyzer.Phase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Rollouts, their steps and their event log, kept in the target database. */
public interface RolloutStore {

  /**
   * Records a rollout with one pending record per plan step, unless a rollout with that id exists
   * already; either way returns what is stored.
   */
  StoredRollout register(NewRollout rollout, Instant at);

  Optional<StoredRollout> find(String rolloutId);

  void setState(String rolloutId, RolloutState state, Optional<String> error, Instant at);

  /** Marks the step running and remembers its first attempt (kept if already set). */
  void stepStarted(String rolloutId, String stepId, Instant at);

  /** Counts a failed attempt that will be retried. */
  void stepAttemptFailed(String rolloutId, String stepId, String error, Instant at);

  void stepFinished(
      String rolloutId, String stepId, StepStatus status, Optional<String> error, Instant at);

  /** Puts failed steps back to pending, keeping their attempt history. */
  void resetFailedSteps(String rolloutId, Instant at);

  void append(Event event);

  List<Event> events(String rolloutId);

  /**
   * Claims the schema steps of one phase of a rollout for this invocation, until {@link
   * #releasePhase}. Lambda may deliver an invocation twice, at once: the second finds the phase
   * claimed and waits instead of running the same DDL beside the first. A crashed invocation's
   * claim ends with its connection.
   *
   * @return whether this invocation holds the claim now
   */
  boolean claimPhase(String rolloutId, Phase phase);

  void releasePhase(String rolloutId, Phase phase);
}
