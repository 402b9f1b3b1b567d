package dev.migrationbot.analyzer;

import dev.migrationbot.analyzer.sql.SourcePosition;
import java.util.Objects;

/**
 * One problem found in a statement.
 *
 * @param ruleId the rule that found it
 * @param code the rule's stable code
 * @param severity the effective severity (after repository overrides)
 * @param message what is wrong here, naming the table and column
 * @param safeAlternative the SQL to run instead, for this statement; empty when there is none
 * @param position where the problem is
 */
public record Finding(
    String ruleId,
    String code,
    Severity severity,
    String message,
    String safeAlternative,
    SourcePosition position) {

  public Finding {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(safeAlternative, "safeAlternative");
    Objects.requireNonNull(position, "position");
  }

  public Finding withSeverity(Severity newSeverity) {
    return new Finding(ruleId, code, newSeverity, message, safeAlternative, position);
  }
}
