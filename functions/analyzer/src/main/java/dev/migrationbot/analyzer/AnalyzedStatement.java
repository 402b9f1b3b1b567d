package dev.migrationbot.analyzer;

import dev.migrationbot.analyzer.sql.SourceStatement;
import dev.migrationbot.analyzer.sql.Stmt;
import java.util.List;
import java.util.Optional;

/**
 * One statement with everything the analysis found out about it.
 *
 * @param source the statement as written
 * @param statement the parsed form; empty when it does not parse
 * @param facts locks, effects, phase
 * @param transaction the transaction it runs in
 * @param findings the findings that stand
 * @param suppressed findings silenced by an ignore directive, with the directive's reason
 * @param phaseOverride a {@code -- migration-bot: phase=...} directive on the statement
 */
public record AnalyzedStatement(
    SourceStatement source,
    Optional<Stmt> statement,
    StatementFacts facts,
    Transaction transaction,
    List<Finding> findings,
    List<Suppressed> suppressed,
    Optional<Phase> phaseOverride) {

  public AnalyzedStatement {
    findings = List.copyOf(findings);
    suppressed = List.copyOf(suppressed);
  }

  /** The phase the statement belongs to: the directive's if any, else the analyzer's. */
  public Optional<Phase> phase() {
    return phaseOverride.isPresent() ? phaseOverride : facts.phase();
  }

  /**
   * The transaction a statement runs in.
   *
   * @param inBlock whether it runs inside a transaction block (explicit or the runner's)
   * @param id statements with the same id share a transaction; 0 for autocommit statements
   */
  public record Transaction(boolean inBlock, int id) {}

  /** A finding silenced by {@code -- migration-bot: ignore <rule> <reason>}. */
  public record Suppressed(Finding finding, String reason) {}
}
