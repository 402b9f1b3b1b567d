package dev.migrationbot.rollout.plan;

import dev.migrationbot.analyzer.QualifiedName;

/**
 * A catalog fact that shows a step already took effect, so running it again is skipped. Steps that
 * are harmless to repeat (SET DEFAULT, SET NOT NULL, VALIDATE) carry none.
 */
public sealed interface AppliedCheck {

  /** The column exists; when {@code type} is given (as {@code format_type} spells it), with it. */
  record ColumnExists(QualifiedName table, String column, String type) implements AppliedCheck {}

  record ColumnAbsent(QualifiedName table, String column) implements AppliedCheck {}

  /**
   * A valid index of that name exists. An invalid one (left by a failed CONCURRENTLY build) does
   * not count: it is dropped concurrently and built again.
   */
  record IndexValid(QualifiedName index) implements AppliedCheck {}

  record IndexAbsent(QualifiedName index) implements AppliedCheck {}

  /** The constraint exists on the table (and, when {@code validated}, is validated). */
  record ConstraintExists(QualifiedName table, String constraint, boolean validated)
      implements AppliedCheck {}

  record ConstraintAbsent(QualifiedName table, String constraint) implements AppliedCheck {}

  record TableExists(QualifiedName table) implements AppliedCheck {}

  record TableAbsent(QualifiedName table) implements AppliedCheck {}
}
