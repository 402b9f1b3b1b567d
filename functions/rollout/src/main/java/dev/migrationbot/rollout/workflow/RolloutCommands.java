package dev.migrationbot.rollout.workflow;

import dev.migrationbot.rollout.command.Verb;
import dev.migrationbot.rollout.config.DatabaseTarget;
import dev.migrationbot.rollout.engine.RolloutEngine;
import dev.migrationbot.rollout.port.Event;
import dev.migrationbot.rollout.port.NewRollout;
import dev.migrationbot.rollout.port.RolloutControl;
import dev.migrationbot.rollout.port.RolloutEngines;
import dev.migrationbot.rollout.port.RolloutRequest;
import dev.migrationbot.rollout.port.RolloutState;
import dev.migrationbot.rollout.port.StepFailedException;
import dev.migrationbot.rollout.port.WorkflowStart;
import dev.migrationbot.rollout.port.WorkflowStarter;

/**
 * The rollout commands of the pull request conversation, applied to the rollout's state in its
 * database: the running workflow reads that state at every step and every batch.
 */
public final class RolloutCommands implements RolloutControl {

  private final RolloutEngines engines;
  private final WorkflowStarter workflows;

  public RolloutCommands(RolloutEngines engines, WorkflowStarter workflows) {
    this.engines = engines;
    this.workflows = workflows;
  }

  @Override
  public String apply(RolloutRequest rollout, DatabaseTarget target, Verb verb, String login) {
    RolloutEngine engine = engines.of(target);
    String id =
        NewRollout.idOf(rollout.repository().fullName(), rollout.pullRequest(), rollout.mergeSha());
    if (!engine.exists(id)) {
      return "the rollout has not recorded its plan in `"
          + target.name()
          + "` yet; try `"
          + verb.usage()
          + "` again in a minute.";
    }
    RolloutState state = engine.status(id).state();
    try {
      return switch (verb) {
        case PAUSE -> {
          engine.pause(id, login);
          yield "the backfill pauses after its current batch; `/migration resume` goes on.";
        }
        case RESUME -> {
          engine.resume(id, login);
          yield "the backfill goes on at its next look (within a minute).";
        }
        case ABORT -> {
          if (state == RolloutState.CANCELLED) {
            yield "the rollout was already aborted.";
          }
          engine.cancel(id, login);
          yield "the rollout stops at its next step or batch; steps already done stay done.";
        }
        case CONTRACT -> {
          engine.approveContract(id, login);
          yield "the contract phase may run once the backfill is done.";
        }
        case RETRY -> retry(engine, id, rollout, login, state);
        default -> throw new IllegalArgumentException(verb.usage() + " does not steer a rollout");
      };
    } catch (StepFailedException e) {
      return e.getMessage() + ".";
    }
  }

  private String retry(
      RolloutEngine engine, String id, RolloutRequest rollout, String login, RolloutState state) {
    if (state != RolloutState.FAILED) {
      return "the rollout is " + state.dbName() + ", not failed: there is nothing to retry.";
    }
    int attempt =
        1
            + (int)
                engine.history(id).stream()
                    .map(Event::kind)
                    .filter("retry-requested"::equals)
                    .count();
    engine.retry(id, login);
    WorkflowStart start = workflows.restart(rollout, attempt);
    if (start instanceof WorkflowStart.NotStarted notStarted) {
      return "the rollout is marked for a retry, but no execution started: " + notStarted.reason();
    }
    return "the rollout goes on from its last checkpoint (execution `"
        + ((WorkflowStart.Started) start).executionName()
        + "`).";
  }
}
