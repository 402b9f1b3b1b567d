package dev.migrationbot.lambda.step;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Starts the next execution of a long backfill. */
public final class ContinueHandler extends StepHandler {

  /** Called by the Lambda runtime: wiring from the environment, once per execution environment. */
  public ContinueHandler() {
    super(StepWiring.shared());
  }

  public ContinueHandler(RolloutSteps steps) {
    super(steps);
  }

  @Override
  Map<String, Object> run(RolloutSteps steps, JsonNode state, RolloutSteps.Invocation invocation) {
    return steps.continueAsNew(state, invocation);
  }
}
