package dev.migrationbot.testing;

import dev.migrationbot.local.StateMachineTools;
import org.junit.jupiter.api.Assumptions;

/** Access to local engines that a machine may lack, skipping or failing tests accordingly. */
public final class LocalEngines {

  /**
   * Set to {@code true} where the engines must be present (CI): a missing engine then fails the
   * test instead of skipping it, so a broken install cannot pass as green.
   */
  public static final String REQUIRE_VARIABLE = "MIGRATION_BOT_REQUIRE_LOCAL_ENGINES";

  private LocalEngines() {}

  /** The state-machine tooling; skips the calling test, with the reason, when it is absent. */
  public static StateMachineTools stateMachineTools() {
    StateMachineTools.Lookup lookup = StateMachineTools.locate();
    if (lookup.tools().isEmpty() && "true".equals(System.getenv(REQUIRE_VARIABLE))) {
      throw new AssertionError(
          REQUIRE_VARIABLE
              + " is set but the state-machine engine is missing: "
              + lookup.problem());
    }
    Assumptions.assumeTrue(lookup.tools().isPresent(), () -> "skipped: " + lookup.problem());
    return lookup.tools().get();
  }
}
