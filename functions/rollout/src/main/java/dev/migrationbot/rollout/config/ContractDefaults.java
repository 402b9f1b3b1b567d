package dev.migrationbot.rollout.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * When the contract phase (NOT NULL, drops, validation) may start.
 *
 * @param mode whether it starts by itself after the backfill or waits for {@code /migration
 *     contract}
 * @param deployTimeout how long the rollout waits for the application deploy before it fails
 */
public record ContractDefaults(Mode mode, Duration deployTimeout) {

  public static final ContractDefaults DEFAULT =
      new ContractDefaults(Mode.AUTO, Duration.ofHours(24));

  public ContractDefaults {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(deployTimeout, "deployTimeout");
    if (deployTimeout.isNegative() || deployTimeout.isZero()) {
      throw new IllegalArgumentException("the deploy timeout must be positive");
    }
  }

  public enum Mode {
    /**
     * Contract starts after the backfill, except when it drops columns or tables: data that cannot
     * come back waits for {@code /migration contract}.
     */
    AUTO,
    /** Contract always waits for {@code /migration contract}. */
    COMMAND;

    public String displayName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
