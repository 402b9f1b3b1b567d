package dev.migrationbot.rollout.plan;

import dev.migrationbot.analyzer.QualifiedName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A data change to apply in keyset batches: {@code UPDATE table SET column = value, ... WHERE
 * condition}, restricted in every batch to rows that still need it, so a batch that runs twice
 * changes nothing the second time.
 *
 * @param table the table to update
 * @param assignments the columns to set and the SQL expressions that compute them
 * @param mode which rows still need the change
 * @param condition the user's own WHERE clause, if the UPDATE had one
 */
public record BackfillSpec(
    QualifiedName table, List<Assignment> assignments, Mode mode, Optional<String> condition) {

  public BackfillSpec {
    Objects.requireNonNull(table, "table");
    assignments = List.copyOf(assignments);
    if (assignments.isEmpty()) {
      throw new IllegalArgumentException("a backfill sets at least one column");
    }
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(condition, "condition");
  }

  /** One {@code column = expression} of the SET list. */
  public record Assignment(String column, String valueSql) {
    public Assignment {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(valueSql, "valueSql");
    }
  }

  /** Which rows a batch touches. */
  public enum Mode {
    /**
     * Rows where a target column is still NULL: a new column being filled. Values the application
     * already wrote are never overwritten.
     */
    FILL_NULLS,
    /**
     * Rows where a target column IS DISTINCT FROM its expression: a rewrite of existing data, where
     * NULL may be a legal result.
     */
    CONVERGE
  }
}
