package dev.migrationbot.rollout.backfill;

import java.util.List;

/**
 * A unique index a backfill could walk: the primary key, or a valid, non-partial unique index on
 * plain NOT NULL columns.
 */
public record CandidateKey(String index, boolean primary, List<KeyColumn> columns) {
  public CandidateKey {
    columns = List.copyOf(columns);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a key has at least one column");
    }
  }
}
