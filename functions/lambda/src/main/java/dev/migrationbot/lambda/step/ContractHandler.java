package dev.migrationbot.lambda.step;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Runs the contract steps. */
public final class ContractHandler extends StepHandler {

  /** Called by the Lambda runtime: wiring from the environment, once per execution environment. */
  public ContractHandler() {
    super(StepWiring.shared());
  }

  public ContractHandler(RolloutSteps steps) {
    super(steps);
  }

  @Override
  Map<String, Object> run(RolloutSteps steps, JsonNode state, RolloutSteps.Invocation invocation) {
    return steps.contract(state, invocation);
  }
}
