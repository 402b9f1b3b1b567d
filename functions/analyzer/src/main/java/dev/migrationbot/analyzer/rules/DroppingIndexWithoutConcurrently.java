package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.schema.Index;
import dev.migrationbot.analyzer.schema.Origin;
import dev.migrationbot.analyzer.schema.Table;
import dev.migrationbot.analyzer.sql.ObjectKind;
import dev.migrationbot.analyzer.sql.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** DROP INDEX without CONCURRENTLY locks the whole table, reads included. */
public final class DroppingIndexWithoutConcurrently implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "dropping-index-without-concurrently",
          "MB304",
          Severity.WARNING,
          "DROP INDEX on an existing table without CONCURRENTLY.",
          "A plain DROP INDEX takes ACCESS EXCLUSIVE on the index's table. The drop itself is"
              + " quick, but the lock must wait for every transaction using the table, and while"
              + " it waits every later read and write of the table queues behind it; inside a"
              + " longer transaction it is held until COMMIT. DROP INDEX CONCURRENTLY takes SHARE"
              + " UPDATE EXCLUSIVE on the table, waits for the index's users to finish and only"
              + " then locks the index itself, so reads and writes go on.",
          "-- outside a transaction block, one index per statement:\n"
              + "DROP INDEX CONCURRENTLY IF EXISTS <index>;",
          VersionRange.ALL);

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    if (!(context.statement() instanceof Stmt.Drop drop)
        || drop.objectKind() != ObjectKind.INDEX
        || drop.concurrently()) {
      return;
    }
    List<String> tables = new ArrayList<>();
    StringBuilder alternative = new StringBuilder();
    boolean partitioned = false;
    for (QualifiedName name : drop.names()) {
      Optional<Index> index = context.schema().index(name);
      if (index.map(i -> i.origin() == Origin.NEW || context.isNew(i.table())).orElse(false)) {
        continue;
      }
      Optional<QualifiedName> table = index.map(Index::table);
      tables.add(table.map(t -> t + context.sizeNote(t)).orElse("the table of " + name.name()));
      boolean onPartitioned = table.flatMap(context::table).map(Table::partitioned).orElse(false);
      partitioned |= onPartitioned;
      alternative
          .append(alternative.isEmpty() ? "" : "\n")
          .append(onPartitioned ? "DROP INDEX " : "DROP INDEX CONCURRENTLY ")
          .append(drop.ifExists() ? "IF EXISTS " : "")
          .append(name.sql())
          .append(drop.cascade() && onPartitioned ? " CASCADE;" : ";");
    }
    if (tables.isEmpty()) {
      return;
    }
    String intro =
        partitioned
            ? "-- an index of a partitioned table cannot be dropped concurrently: keep its drop"
                + " short\n-- and give up rather than queue (retry on lock timeout):\n"
                + "SET lock_timeout = '2s';\n"
            : "-- outside a transaction block, one index per statement"
                + (drop.cascade() ? " (CONCURRENTLY does not take CASCADE)" : "")
                + ":\n";
    context.report(
        "DROP INDEX takes ACCESS EXCLUSIVE on "
            + SafeSql.list(tables)
            + ": reads and writes queue behind it while it waits for running transactions, and"
            + " stay blocked until the transaction commits.",
        intro + alternative);
  }
}
