package dev.migrationbot.lambda.step;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Duration;
import java.util.Map;

/** A state machine task: decodes the state, calls one step, returns its small result. */
abstract class StepHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

  private final RolloutSteps steps;

  StepHandler(RolloutSteps steps) {
    this.steps = steps;
  }

  @Override
  public final Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    return run(
        steps,
        RolloutSteps.tree(event),
        new RolloutSteps.Invocation(
            Duration.ofMillis(context.getRemainingTimeInMillis()), context.getAwsRequestId()));
  }

  abstract Map<String, Object> run(
      RolloutSteps steps, com.fasterxml.jackson.databind.JsonNode state, RolloutSteps.Invocation i);
}
