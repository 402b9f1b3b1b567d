package dev.migrationbot.lambda.step;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Looks for the application deploy that writes the new columns. */
public final class WaitForDeployHandler extends StepHandler {

  /** Called by the Lambda runtime: wiring from the environment, once per execution environment. */
  public WaitForDeployHandler() {
    super(StepWiring.shared());
  }

  public WaitForDeployHandler(RolloutSteps steps) {
    super(steps);
  }

  @Override
  Map<String, Object> run(RolloutSteps steps, JsonNode state, RolloutSteps.Invocation invocation) {
    return steps.waitForDeploy(state, invocation);
  }
}
