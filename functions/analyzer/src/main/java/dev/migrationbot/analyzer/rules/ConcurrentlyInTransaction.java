package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.sql.AlterAction;
import dev.migrationbot.analyzer.sql.ObjectKind;
import dev.migrationbot.analyzer.sql.Stmt;
import java.util.Locale;
import java.util.Optional;

/**
 * Statements that run their own transactions (the CONCURRENTLY forms, VACUUM) fail inside a
 * transaction block, whether the migration opened it or the runner did.
 */
public final class ConcurrentlyInTransaction implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "concurrently-in-transaction",
          "MB302",
          Severity.ERROR,
          "CONCURRENTLY (or VACUUM) inside a transaction block.",
          "CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, DETACH"
              + " PARTITION CONCURRENTLY and VACUUM commit and start transactions of their own"
              + " while they work, so PostgreSQL refuses to run them inside a transaction block:"
              + " the statement fails with \"cannot run inside a transaction block\" and the"
              + " migration fails at deploy time. The block is either an explicit BEGIN or the"
              + " transaction the migration runner wraps around each file.",
          "-- alone in a migration of its own, with the runner's transaction turned off:\n"
              + "-- Flyway executeInTransaction=false, golang-migrate one statement per file,\n"
              + "-- Rails disable_ddl_transaction!, Django atomic = False\n"
              + "CREATE INDEX CONCURRENTLY <index> ON <table> (<columns>);",
          VersionRange.ALL);

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    if (!context.facts().transactionForbidden() || !context.transaction().inBlock()) {
      return;
    }
    String form = form(context.statement());
    Optional<StatementContext.Earlier> begin = context.openedBy();
    String block =
        begin
            .map(b -> "inside the transaction opened by BEGIN at line " + b.source().line())
            .orElse("inside the transaction the migration runner wraps around it");
    String alternative =
        begin
            .map(
                b ->
                    "-- after the COMMIT of the transaction opened at line "
                        + b.source().line()
                        + ", outside any transaction block:\n")
            .orElse(
                "-- alone in a migration of its own, with the runner's transaction turned off\n"
                    + "-- (Flyway executeInTransaction=false, golang-migrate one statement per"
                    + " file,\n"
                    + "-- Rails disable_ddl_transaction!, Django atomic = False, Liquibase"
                    + " runInTransaction:false):\n");
    context.report(
        form
            + " cannot run inside a transaction block, and this one runs "
            + block
            + ": PostgreSQL rejects it and the migration fails at deploy time.",
        alternative + SafeSql.statement(context));
  }

  /** The statement's form as PostgreSQL's error message names it. */
  private static String form(Stmt stmt) {
    if (stmt instanceof Stmt.CreateIndex) {
      return "CREATE INDEX CONCURRENTLY";
    }
    if (stmt instanceof Stmt.Drop drop && drop.objectKind() == ObjectKind.INDEX) {
      return "DROP INDEX CONCURRENTLY";
    }
    if (stmt instanceof Stmt.Reindex reindex) {
      return reindex.concurrently() ? "REINDEX CONCURRENTLY" : "REINDEX " + reindex.target().name();
    }
    if (stmt instanceof Stmt.AlterTable alter
        && alter.actions().stream().anyMatch(a -> a instanceof AlterAction.DetachPartition)) {
      return "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY";
    }
    if (stmt instanceof Stmt.Vacuum vacuum) {
      return vacuum.full() ? "VACUUM FULL" : "VACUUM";
    }
    if (stmt instanceof Stmt.Cluster) {
      return "CLUSTER without a table name";
    }
    if (stmt instanceof Stmt.AlterType) {
      return "ALTER TYPE ... ADD VALUE (before PostgreSQL 12)";
    }
    return stmt.kind().replace('-', ' ').toUpperCase(Locale.ROOT);
  }
}
