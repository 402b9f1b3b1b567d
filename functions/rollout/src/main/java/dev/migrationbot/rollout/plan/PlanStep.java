package dev.migrationbot.rollout.plan;

import dev.migrationbot.analyzer.Phase;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a rollout plan.
 *
 * @param id stable within a plan, e.g. {@code expand-1}; execution records refer to it
 * @param phase the phase the step belongs to
 * @param gate what must hold before the step starts
 * @param description what the step does, for people: {@code add column public.accounts.status}
 * @param action what runs against the database
 * @param retry lock and statement timeouts and the retry budget
 * @param source where the step comes from in the migration
 */
public record PlanStep(
    String id,
    Phase phase,
    Gate gate,
    String description,
    StepAction action,
    RetryPolicy retry,
    Source source) {

  public PlanStep {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(source, "source");
  }

  /**
   * The statement of the migration a step was compiled from.
   *
   * @param file the migration file, as named in the repository
   * @param line the statement's first line (1-based)
   * @param originalSql the statement as written, when the step is a safe rewrite of it
   */
  public record Source(String file, int line, Optional<String> originalSql) {
    public Source {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(originalSql, "originalSql");
    }
  }
}
