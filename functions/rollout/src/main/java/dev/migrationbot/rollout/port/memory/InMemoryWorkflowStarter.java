package dev.migrationbot.rollout.port.memory;

import dev.migrationbot.rollout.port.RolloutRequest;
import dev.migrationbot.rollout.port.WorkflowStart;
import dev.migrationbot.rollout.port.WorkflowStarter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records the rollouts use-cases start. Like Step Functions with a deterministic execution name,
 * asking twice for the same request starts one execution.
 */
public final class InMemoryWorkflowStarter implements WorkflowStarter {

  private final Map<RolloutRequest, WorkflowStart.Started> started = new LinkedHashMap<>();

  @Override
  public WorkflowStart.Started start(RolloutRequest request) {
    WorkflowStart.Started earlier = started.get(request);
    if (earlier != null) {
      return new WorkflowStart.Started(earlier.executionName(), earlier.executionId(), true);
    }
    String name =
        request.repository().fullName().replace('/', '-')
            + "-"
            + request.pullRequest()
            + "-"
            + request.mergeSha().substring(0, 12);
    WorkflowStart.Started start =
        new WorkflowStart.Started(name, "memory:execution:" + name, false);
    started.put(request, start);
    return start;
  }

  /** Every distinct rollout started, in order. */
  public List<RolloutRequest> started() {
    return new ArrayList<>(started.keySet());
  }
}
