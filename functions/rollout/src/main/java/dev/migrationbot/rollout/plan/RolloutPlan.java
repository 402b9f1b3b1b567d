package dev.migrationbot.rollout.plan;

import dev.migrationbot.analyzer.Phase;
import java.util.List;

/**
 * The steps a migration compiles to, in the order they run, and the statements that could not be
 * planned.
 */
public record RolloutPlan(int pgMajor, List<PlanStep> steps, List<Refusal> refusals) {

  public RolloutPlan {
    steps = List.copyOf(steps);
    refusals = List.copyOf(refusals);
  }

  /** Whether the plan can run: every statement was planned. */
  public boolean executable() {
    return refusals.isEmpty();
  }

  public List<PlanStep> phase(Phase phase) {
    return steps.stream().filter(s -> s.phase() == phase).toList();
  }

  /** Whether the contract phase waits for {@code /migration contract} from a reviewer. */
  public boolean contractNeedsApproval() {
    return steps.stream().anyMatch(s -> s.gate() == Gate.CONTRACT_APPROVED);
  }
}
