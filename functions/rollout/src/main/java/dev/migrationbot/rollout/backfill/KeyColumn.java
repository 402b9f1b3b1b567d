package dev.migrationbot.rollout.backfill;

import java.util.Objects;

/**
 * One column of a batching key.
 *
 * @param type as {@code format_type} spells it; cursor values are cast to it
 */
public record KeyColumn(String name, String type) {
  public KeyColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
