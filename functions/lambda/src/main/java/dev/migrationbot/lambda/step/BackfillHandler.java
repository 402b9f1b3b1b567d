package dev.migrationbot.lambda.step;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Runs one backfill slice: batches until the invocation's time is nearly spent. */
public final class BackfillHandler extends StepHandler {

  /** Called by the Lambda runtime: wiring from the environment, once per execution environment. */
  public BackfillHandler() {
    super(StepWiring.shared());
  }

  public BackfillHandler(RolloutSteps steps) {
    super(steps);
  }

  @Override
  Map<String, Object> run(RolloutSteps steps, JsonNode state, RolloutSteps.Invocation invocation) {
    return steps.backfill(state, invocation);
  }
}
