package dev.migrationbot.lambda.step;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Runs the expand steps until done or the invocation's time is nearly spent. */
public final class ExpandHandler extends StepHandler {

  /** Called by the Lambda runtime: wiring from the environment, once per execution environment. */
  public ExpandHandler() {
    super(StepWiring.shared());
  }

  public ExpandHandler(RolloutSteps steps) {
    super(steps);
  }

  @Override
  Map<String, Object> run(RolloutSteps steps, JsonNode state, RolloutSteps.Invocation invocation) {
    return steps.expand(state, invocation);
  }
}
