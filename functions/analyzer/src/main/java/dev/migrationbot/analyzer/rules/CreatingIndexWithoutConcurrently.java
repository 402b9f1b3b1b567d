package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.schema.Table;
import dev.migrationbot.analyzer.sql.Stmt;

/** CREATE INDEX without CONCURRENTLY blocks writes for the whole build. */
public final class CreatingIndexWithoutConcurrently implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "creating-index-without-concurrently",
          "MB301",
          Severity.ERROR,
          "CREATE INDEX on an existing table without CONCURRENTLY.",
          "A plain CREATE INDEX holds a SHARE lock on the table for the whole build: reads go on,"
              + " but every INSERT, UPDATE and DELETE waits until the index is built, which on a"
              + " large table takes minutes to hours. CREATE INDEX CONCURRENTLY takes SHARE UPDATE"
              + " EXCLUSIVE instead, which writes do not wait for; it scans the table twice and"
              + " must run outside a transaction block.",
          "CREATE INDEX CONCURRENTLY <index> ON <table> (<columns>);\n"
              + "-- outside a transaction; if it fails it leaves an INVALID index: drop it with\n"
              + "-- DROP INDEX CONCURRENTLY <index>; and run the CREATE again",
          VersionRange.ALL);

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    if (!(context.statement() instanceof Stmt.CreateIndex index)
        || index.concurrently()
        || context.isNew(index.table())) {
      return;
    }
    boolean partitionedParentOnly =
        index.only() && context.table(index.table()).map(Table::partitioned).orElse(false);
    if (partitionedParentOnly) {
      return; // ON ONLY a partitioned parent builds nothing: the index stays invalid until attached
    }
    String name = index.name().map(n -> RuleSupport.quote(n.name()) + " ").orElse("");
    String rest =
        context.source().text().replaceFirst("(?is)^\\s*create\\s+(unique\\s+)?index\\s+", "");
    String unique = index.unique() ? "UNIQUE " : "";
    context.report(
        "CREATE "
            + unique
            + "INDEX "
            + name
            + "holds SHARE on "
            + index.table()
            + context.sizeNote(index.table())
            + " for the whole build: every INSERT, UPDATE and DELETE waits until it is done.",
        "CREATE " + unique + "INDEX CONCURRENTLY " + rest + ";");
  }
}
