package dev.migrationbot.rollout.backfill;

import dev.migrationbot.analyzer.QualifiedName;
import java.util.Comparator;
import java.util.List;

/** How a backfill walks its table. */
public sealed interface KeyChoice {

  /** The oldest major with TID Range Scans, which make ctid block ranges cheap. */
  int CTID_RANGES_SINCE = 14;

  /** Keyset batches in the order of a unique key; composite keys compare as rows. */
  record Keyset(String index, List<KeyColumn> columns) implements KeyChoice {
    public Keyset {
      columns = List.copyOf(columns);
    }
  }

  /** Ranges of heap blocks, for tables without a usable key. */
  record CtidRanges() implements KeyChoice {}

  /** No safe way to walk the table: why, and what to do. */
  record Refused(String message) implements KeyChoice {}

  /**
   * The primary key if there is one, else the unique key with the fewest columns (then by name);
   * without a key, ctid ranges on PostgreSQL 14 and later, a refusal before.
   */
  static KeyChoice choose(QualifiedName table, List<CandidateKey> candidates, int serverMajor) {
    if (!candidates.isEmpty()) {
      CandidateKey best =
          candidates.stream()
              .min(
                  Comparator.comparing((CandidateKey k) -> !k.primary())
                      .thenComparingInt(k -> k.columns().size())
                      .thenComparing(CandidateKey::index))
              .orElseThrow();
      return new Keyset(best.index(), best.columns());
    }
    if (serverMajor >= CTID_RANGES_SINCE) {
      return new CtidRanges();
    }
    return new Refused(
        table
            + " has no primary key and no unique index on NOT NULL columns, and PostgreSQL "
            + serverMajor
            + " cannot scan ctid ranges (TID Range Scans arrived in 14), so every batch would"
            + " read the whole table. Give the table a key first (CREATE UNIQUE INDEX CONCURRENTLY"
            + " on NOT NULL columns, then ADD PRIMARY KEY USING INDEX), or upgrade to PostgreSQL"
            + " 14 or later.");
  }
}
