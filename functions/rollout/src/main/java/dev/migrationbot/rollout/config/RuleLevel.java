package dev.migrationbot.rollout.config;

import dev.migrationbot.analyzer.Severity;
import java.util.Locale;
import java.util.Optional;

/** What the repository makes of a rule: a severity of its own, or off. */
public enum RuleLevel {
  OFF,
  INFO,
  WARNING,
  ERROR;

  /** The severity findings of the rule get; empty when the rule is off. */
  public Optional<Severity> severity() {
    switch (this) {
      case OFF:
        return Optional.empty();
      case INFO:
        return Optional.of(Severity.INFO);
      case WARNING:
        return Optional.of(Severity.WARNING);
      default:
        return Optional.of(Severity.ERROR);
    }
  }

  public String displayName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
