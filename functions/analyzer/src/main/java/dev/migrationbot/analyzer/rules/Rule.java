package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.RuleInfo;

/**
 * One check of the catalogue. A rule looks at one statement at a time, with the schema as it is
 * before the statement and the transaction the statement runs in, and reports what it finds.
 */
public interface Rule {

  RuleInfo info();

  /** Reports findings about the statement through {@link StatementContext#report}. */
  void check(StatementContext context);
}
