package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.sql.Expression;
import dev.migrationbot.analyzer.sql.Stmt;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** UPDATE or DELETE of every row of a table in one statement. */
public final class FullTableUpdate implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "full-table-update",
          "MB502",
          Severity.WARNING,
          "UPDATE or DELETE without a WHERE clause on an existing table.",
          "One statement that changes every row holds a row lock on each row it has changed"
              + " until the transaction commits, so application writes to those rows wait for"
              + " the whole statement; it leaves a dead version of every row behind (the table"
              + " and its indexes bloat until VACUUM catches up), and its burst of WAL makes"
              + " replicas lag. Changed in keyset batches of a few thousand rows, each in its own"
              + " transaction, the same change holds each lock for milliseconds; the rollout's"
              + " backfill phase runs an UPDATE this way.",
          "-- in keyset batches, each its own short transaction:\n"
              + "UPDATE <table> SET <column> = <value>\n"
              + "WHERE <key> IN (SELECT <key> FROM <table> WHERE <key> > :last_key ORDER BY <key>"
              + " LIMIT 1000);",
          VersionRange.ALL);

  /** WHERE clauses that restrict nothing, written without spaces and parentheses. */
  private static final Set<String> ALWAYS_TRUE = Set.of("true", "1=1", "notfalse");

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    QualifiedName table;
    Optional<Expression> where;
    if (context.statement() instanceof Stmt.Update update) {
      table = update.table();
      where = update.where();
    } else if (context.statement() instanceof Stmt.Delete delete) {
      table = delete.table();
      where = delete.where();
    } else {
      return;
    }
    if (context.isNew(table) || where.filter(w -> !alwaysTrue(w)).isPresent()) {
      return;
    }
    boolean update = context.statement() instanceof Stmt.Update;
    String clause =
        where.isPresent() ? "with WHERE " + where.get().sql() : "without a WHERE clause";
    context.report(
        (update ? "UPDATE " : "DELETE ")
            + clause
            + (update ? " writes every row of " : " deletes every row of ")
            + table
            + context.sizeNote(table)
            + " in one transaction: each row stays locked against other writers until it"
            + " commits, every row leaves a dead version behind, and the burst of WAL makes"
            + " replicas lag.",
        update ? updateInBatches(context, table) : deleteInBatches(context, table));
  }

  private static String updateInBatches(StatementContext context, QualifiedName table) {
    int whereAt = SafeSql.topLevelWord(context.source(), "where");
    int returningAt = SafeSql.topLevelWord(context.source(), "returning");
    int end = whereAt >= 0 ? whereAt : returningAt;
    String head = end >= 0 ? SafeSql.before(context.source(), end) : context.source().text();
    String key = SafeSql.singleColumnKey(context, table).orElse("<key>");
    return "-- in keyset batches, each its own short transaction (the rollout's backfill phase"
        + " runs them):\n"
        + head
        + "\nWHERE "
        + key
        + " IN (SELECT "
        + key
        + " FROM "
        + table.sql()
        + " WHERE "
        + key
        + " > :last_key ORDER BY "
        + key
        + " LIMIT 1000)\nRETURNING "
        + key
        + ";  -- the largest returned is the next :last_key; stop when none is";
  }

  private static String deleteInBatches(StatementContext context, QualifiedName table) {
    return "-- in batches, each its own short transaction, until it deletes nothing:\n"
        + SafeSql.deleteInBatches(context, table);
  }

  private static boolean alwaysTrue(Expression where) {
    return ALWAYS_TRUE.contains(where.sql().toLowerCase(Locale.ROOT).replaceAll("[\\s()]", ""));
  }
}
