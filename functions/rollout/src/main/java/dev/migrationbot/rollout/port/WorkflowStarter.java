package dev.migrationbot.rollout.port;

/** Starts the rollout workflow of a merged pull request. */
public interface WorkflowStarter {

  /**
   * Starts the rollout, once: asking again for the same request returns the same execution, whether
   * it is still running or already finished.
   */
  WorkflowStart start(RolloutRequest request);

  /**
   * Starts the rollout again after a failure, under a name of its own: a finished execution's name
   * cannot be used again. Asking twice for the same attempt starts it once.
   *
   * @param attempt 1 for the first retry, 2 for the next, ...
   */
  WorkflowStart restart(RolloutRequest request, int attempt);
}
