package dev.migrationbot.rollout.plan;

import dev.migrationbot.analyzer.QualifiedName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a step does to the database. */
public sealed interface StepAction {

  /**
   * Schema statements. With {@code transactional}, all of them run in one transaction with {@code
   * SET LOCAL lock_timeout}; without, there is exactly one statement and it runs outside any
   * transaction (CREATE INDEX CONCURRENTLY and friends refuse to run inside one).
   *
   * @param applied the catalog fact that shows the step already took effect, if it is not harmless
   *     to repeat
   */
  record Ddl(List<String> statements, boolean transactional, Optional<AppliedCheck> applied)
      implements StepAction {
    public Ddl {
      statements = List.copyOf(statements);
      if (statements.isEmpty()) {
        throw new IllegalArgumentException("a DDL step runs at least one statement");
      }
      if (!transactional && statements.size() != 1) {
        throw new IllegalArgumentException(
            "a non-transactional step runs exactly one statement, got " + statements.size());
      }
      Objects.requireNonNull(applied, "applied");
    }
  }

  /** A keyset-batched, throttled, resumable data change. */
  record Backfill(BackfillSpec spec) implements StepAction {
    public Backfill {
      Objects.requireNonNull(spec, "spec");
    }
  }

  /**
   * {@code ALTER TABLE table VALIDATE CONSTRAINT constraint}. When validation finds violating rows
   * and a {@code sweep} is given, the sweep runs as a backfill over the remaining rows (writers
   * that missed the new column during the deploy) and validation is tried again.
   */
  record Validate(QualifiedName table, String constraint, Optional<BackfillSpec> sweep)
      implements StepAction {
    public Validate {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(constraint, "constraint");
      Objects.requireNonNull(sweep, "sweep");
    }
  }
}
