package dev.migrationbot.lambda.step;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Tells the pull request what stopped the rollout and how to go on. */
public final class ReportFailureHandler extends StepHandler {

  /** Called by the Lambda runtime: wiring from the environment, once per execution environment. */
  public ReportFailureHandler() {
    super(StepWiring.shared());
  }

  public ReportFailureHandler(RolloutSteps steps) {
    super(steps);
  }

  @Override
  Map<String, Object> run(RolloutSteps steps, JsonNode state, RolloutSteps.Invocation invocation) {
    return steps.reportFailure(state, invocation);
  }
}
