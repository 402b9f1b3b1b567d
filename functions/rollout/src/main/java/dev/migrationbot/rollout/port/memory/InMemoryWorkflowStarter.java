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

  private final Map<String, RolloutRequest> started = new LinkedHashMap<>();

  @Override
  public WorkflowStart.Started start(RolloutRequest request) {
    return start(request, "");
  }

  @Override
  public WorkflowStart.Started restart(RolloutRequest request, int attempt) {
    return start(request, "-r" + attempt);
  }

  private WorkflowStart.Started start(RolloutRequest request, String suffix) {
    String name =
        request.repository().fullName().replace('/', '-')
            + "-"
            + request.pullRequest()
            + "-"
            + request.mergeSha().substring(0, 12)
            + suffix;
    boolean earlier = started.putIfAbsent(name, request) != null;
    return new WorkflowStart.Started(name, "memory:execution:" + name, earlier);
  }

  /** Every distinct rollout started, in order. */
  public List<RolloutRequest> started() {
    return started.values().stream().distinct().toList();
  }

  /** The names of every execution started, retries included, in order. */
  public List<String> executionNames() {
    return new ArrayList<>(started.keySet());
  }
}
