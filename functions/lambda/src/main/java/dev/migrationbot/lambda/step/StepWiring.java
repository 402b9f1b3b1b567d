package dev.migrationbot.lambda.step;

import dev.migrationbot.lambda.Wiring;

/**
 * The steps every handler of one execution environment shares: built at the first handler's
 * initialisation (so SnapStart snapshots it), never again.
 */
final class StepWiring {

  private static RolloutSteps shared;

  private StepWiring() {}

  static synchronized RolloutSteps shared() {
    if (shared == null) {
      shared = Wiring.fromEnvironment().rolloutSteps();
    }
    return shared;
  }
}
