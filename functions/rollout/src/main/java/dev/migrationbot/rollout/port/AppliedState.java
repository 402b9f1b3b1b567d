package dev.migrationbot.rollout.port;

import dev.migrationbot.analyzer.QualifiedName;

/** What the catalog says about a step's {@code AppliedCheck}. */
public sealed interface AppliedState {

  /** The step already took effect: skip it. */
  record Applied() implements AppliedState {}

  record NotApplied() implements AppliedState {}

  /**
   * An index of that name exists but is INVALID (a CONCURRENTLY build failed half-way): drop it
   * concurrently, then build it again.
   */
  record InvalidIndex(QualifiedName index) implements AppliedState {}

  /**
   * The object exists in a form the step does not produce (e.g. the column with another type):
   * neither skipping nor running the step would be right.
   */
  record Conflict(String message) implements AppliedState {}
}
