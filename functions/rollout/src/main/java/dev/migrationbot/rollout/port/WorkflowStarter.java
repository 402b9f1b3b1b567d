package dev.migrationbot.rollout.port;

/** Starts the rollout workflow of a merged pull request. */
public interface WorkflowStarter {

  /**
   * Starts the rollout, once: asking again for the same request returns the same execution, whether
   * it is still running or already finished.
   */
  WorkflowStart start(RolloutRequest request);
}
