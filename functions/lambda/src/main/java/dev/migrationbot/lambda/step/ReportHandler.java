package dev.migrationbot.lambda.step;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Writes the final summary on the pull request. */
public final class ReportHandler extends StepHandler {

  /** Called by the Lambda runtime: wiring from the environment, once per execution environment. */
  public ReportHandler() {
    super(StepWiring.shared());
  }

  public ReportHandler(RolloutSteps steps) {
    super(steps);
  }

  @Override
  Map<String, Object> run(RolloutSteps steps, JsonNode state, RolloutSteps.Invocation invocation) {
    return steps.report(state, invocation);
  }
}
