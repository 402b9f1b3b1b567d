package dev.migrationbot.cli;

import dev.migrationbot.rollout.port.RolloutRequest;
import dev.migrationbot.rollout.port.WorkflowStart;
import dev.migrationbot.rollout.port.WorkflowStarter;

/**
 * The rollouts of a local bot started without a state machine: none. An approved merge is reviewed
 * and the pull request says that nothing ran, so nobody waits for a rollout that never comes.
 */
final class WithoutStateMachine implements WorkflowStarter {

  @Override
  public WorkflowStart start(RolloutRequest request) {
    return notStarted();
  }

  @Override
  public WorkflowStart restart(RolloutRequest request, int attempt) {
    return notStarted();
  }

  private static WorkflowStart notStarted() {
    return new WorkflowStart.NotStarted(
        "this bot runs without a state machine (`migration-bot serve` without"
            + " `--state-machine-arn`), so nothing ran on the database. Redeliver the merge's"
            + " webhook to a bot with a state machine to roll it out.");
  }
}
