package dev.migrationbot.rollout.port;

import java.util.Objects;

/**
 * The rollout execution a merge started.
 *
 * @param executionName the deterministic name derived from the request
 * @param executionId the workflow engine's id for it (a Step Functions execution ARN)
 * @param alreadyStarted whether the engine reported that the execution existed already. Step
 *     Functions does once an earlier execution of the name has closed; while it still runs, it
 *     answers a repeated start with that same execution as if it were new.
 */
public record WorkflowStart(String executionName, String executionId, boolean alreadyStarted) {
  public WorkflowStart {
    Objects.requireNonNull(executionName, "executionName");
    Objects.requireNonNull(executionId, "executionId");
  }
}
