package dev.migrationbot.rollout.port;

import java.util.Objects;

/** What asking for the rollout of a merge did. */
public sealed interface WorkflowStart {

  /**
   * The rollout execution a merge started.
   *
   * @param executionName the deterministic name derived from the request
   * @param executionId the workflow engine's id for it (a Step Functions execution ARN)
   * @param alreadyStarted whether the engine reported that the execution existed already. Step
   *     Functions does once an earlier execution of the name has closed; while it still runs, it
   *     answers a repeated start with that same execution as if it were new.
   */
  record Started(String executionName, String executionId, boolean alreadyStarted)
      implements WorkflowStart {
    public Started {
      Objects.requireNonNull(executionName, "executionName");
      Objects.requireNonNull(executionId, "executionId");
    }
  }

  /**
   * No rollout was started, by configuration (a local bot without a workflow engine): the merge is
   * reviewed and reported, nothing runs on the database, and a later delivery to a bot with an
   * engine can still start it.
   *
   * @param reason why, and what to do, in a sentence shown on the pull request
   */
  record NotStarted(String reason) implements WorkflowStart {
    public NotStarted {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
