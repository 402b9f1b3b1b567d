package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import java.util.List;

/**
 * Findings the analyzer itself raises about the migration text rather than about one statement's
 * semantics: they have catalogue entries and documentation like every rule.
 */
public final class MetaRules {

  private MetaRules() {}

  public static final RuleInfo SYNTAX_ERROR =
      new RuleInfo(
          "syntax-error",
          "MB001",
          Severity.ERROR,
          "The statement is not valid PostgreSQL.",
          "PostgreSQL would reject the statement at deploy time, and the analyzer cannot tell what"
              + " it locks, so nothing about it can be approved.",
          "-- fix the statement; the message says what was expected where",
          VersionRange.ALL);

  public static final RuleInfo UNUSED_IGNORE =
      new RuleInfo(
          "unused-ignore",
          "MB002",
          Severity.WARNING,
          "An ignore directive silences nothing.",
          "An ignore that matches no finding is stale: the statement changed or the rule no longer"
              + " fires. Left in place it would silently hide a future finding of that rule.",
          "-- delete the directive",
          VersionRange.ALL);

  public static final RuleInfo INVALID_DIRECTIVE =
      new RuleInfo(
          "invalid-directive",
          "MB003",
          Severity.ERROR,
          "A migration-bot directive is malformed.",
          "A directive the bot cannot read does nothing: an ignore without a reason, with an unknown"
              + " rule id, or an unknown phase would leave reviewers believing a risk was"
              + " considered when it was not.",
          "-- migration-bot: ignore <rule-id> <why this is safe here>\n"
              + "-- migration-bot: phase=contract",
          VersionRange.ALL);

  public static final RuleInfo ANALYZER_FAILURE =
      new RuleInfo(
          "analyzer-failure",
          "MB004",
          Severity.WARNING,
          "The analyzer failed on this statement.",
          "An internal error stopped the analysis of one statement; the rest of the migration was"
              + " analysed. Its locks are unknown, so review it by hand and report the problem.",
          "-- review the statement by hand",
          VersionRange.ALL);

  public static List<RuleInfo> all() {
    return List.of(SYNTAX_ERROR, UNUSED_IGNORE, INVALID_DIRECTIVE, ANALYZER_FAILURE);
  }
}
