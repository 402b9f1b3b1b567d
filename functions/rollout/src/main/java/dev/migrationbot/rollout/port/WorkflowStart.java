package dev.migrationbot.rollout.port;

import java.util.Objects;

/**
 * The rollout execution a merge started.
 *
 * @param executionName the deterministic name derived from the request
 * @param executionId the workflow engine's id for it (a Step Functions execution ARN)
 * @param alreadyStarted whether an earlier delivery had started it already
 */
public record WorkflowStart(String executionName, String executionId, boolean alreadyStarted) {
  public WorkflowStart {
    Objects.requireNonNull(executionName, "executionName");
    Objects.requireNonNull(executionId, "executionId");
  }
}
