package dev.migrationbot.rollout.config;

import java.util.Objects;

/**
 * One thing wrong in a configuration file.
 *
 * @param line 1-based line of the offending key or value
 * @param column 1-based column
 * @param problem what is wrong, e.g. {@code unknown key 'aprovals'}
 * @param fix what to write instead, e.g. {@code did you mean 'approvals'?}
 */
public record ConfigProblem(int line, int column, String problem, String fix) {

  public ConfigProblem {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(fix, "fix");
  }

  /** {@code line:column: problem; fix}, as compilers print it. */
  @Override
  public String toString() {
    return line + ":" + column + ": " + problem + (fix.isEmpty() ? "" : "; " + fix);
  }
}
