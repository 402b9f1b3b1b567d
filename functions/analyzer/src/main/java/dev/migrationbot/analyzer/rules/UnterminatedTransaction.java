package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.sql.Stmt;

/** A BEGIN that nothing later in the file commits or rolls back. */
public final class UnterminatedTransaction implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "unterminated-transaction",
          "MB503",
          Severity.ERROR,
          "BEGIN without COMMIT or ROLLBACK by the end of the file.",
          "What happens to a transaction left open at the end of a file depends on the runner:"
              + " psql and most drivers roll it back when the session ends, silently dropping"
              + " every change after the BEGIN while the migration is recorded as applied;"
              + " runners that keep the session (or the next file) going leave it open, holding"
              + " every lock it took until something ends it. End every transaction a file"
              + " opens in the same file.",
          "BEGIN;\n<statements>\nCOMMIT;",
          VersionRange.ALL);

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    boolean opens =
        isCommand(context.statement(), Stmt.TransactionCommand.BEGIN)
            // a BEGIN inside an open transaction only draws a warning from PostgreSQL
            && context.openedBy().isEmpty();
    if (!opens) {
      return;
    }
    boolean ended =
        context.laterInFile().stream()
            .anyMatch(
                s ->
                    isCommand(s, Stmt.TransactionCommand.COMMIT)
                        || isCommand(s, Stmt.TransactionCommand.ROLLBACK)
                        || isCommand(s, Stmt.TransactionCommand.PREPARE_TRANSACTION));
    if (ended) {
      return;
    }
    context.report(
        "BEGIN opens a transaction that nothing later in this file commits or rolls back:"
            + " depending on the runner, every change after it is rolled back when the session"
            + " ends, or the transaction stays open and keeps every lock it took.",
        "-- end the transaction at the end of the file:\nCOMMIT;");
  }

  private static boolean isCommand(Stmt stmt, Stmt.TransactionCommand command) {
    return stmt instanceof Stmt.TransactionControl control && control.command() == command;
  }
}
