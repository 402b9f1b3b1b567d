package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.LockClaim;
import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.sql.Stmt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** TRUNCATE empties tables for good under ACCESS EXCLUSIVE; CASCADE reaches further. */
public final class TruncatingTable implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "truncating-table",
          "MB404",
          Severity.ERROR,
          "TRUNCATE of an existing table.",
          "TRUNCATE deletes every row at once and for good: it takes ACCESS EXCLUSIVE on the"
              + " table (and its partitions), so every read and write waits for it and queues"
              + " behind it while it waits, and the lock is held until the transaction commits."
              + " With CASCADE it also empties every table that references it by foreign key,"
              + " and the ones referencing those. Deleting in small batches keeps reads and"
              + " writes going, and the rows can be kept elsewhere first if they may be needed.",
          "-- in batches, each its own short transaction, until it deletes nothing:\n"
              + "DELETE FROM <table> WHERE <key> IN (SELECT <key> FROM <table> ORDER BY <key>"
              + " LIMIT 1000);",
          VersionRange.ALL);

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    if (!(context.statement() instanceof Stmt.Truncate truncate)) {
      return;
    }
    List<QualifiedName> named = truncate.tables().stream().filter(t -> !context.isNew(t)).toList();
    if (named.isEmpty()) {
      return;
    }
    Set<QualifiedName> direct = new HashSet<>();
    for (QualifiedName t : truncate.tables()) {
      direct.addAll(context.schema().withDescendants(t));
    }
    List<QualifiedName> cascaded =
        context.facts().locks().stream()
            .map(LockClaim::relation)
            .filter(r -> !direct.contains(r))
            .toList();
    StringBuilder alternative =
        new StringBuilder(
            "-- in batches, each its own short transaction, until it deletes nothing");
    alternative.append(cascaded.isEmpty() ? ":" : " (referencing tables first):");
    List<QualifiedName> deepestFirst = new ArrayList<>(cascaded);
    Collections.reverse(deepestFirst);
    for (QualifiedName table : deepestFirst) {
      alternative.append('\n').append(SafeSql.deleteInBatches(context, table));
    }
    for (QualifiedName table : named) {
      alternative.append('\n').append(SafeSql.deleteInBatches(context, table));
    }
    List<String> partitions =
        direct.stream()
            .filter(t -> !truncate.tables().contains(t))
            .map(QualifiedName::name)
            .sorted()
            .toList();
    context.report(
        "TRUNCATE empties "
            + SafeSql.list(named.stream().map(t -> t + context.sizeNote(t)).toList())
            + (partitions.isEmpty() ? "" : " (partitions " + SafeSql.list(partitions) + ")")
            + " for good under ACCESS EXCLUSIVE: reads and writes wait until the transaction"
            + " commits"
            + (cascaded.isEmpty()
                ? "."
                : ", and CASCADE also empties "
                    + SafeSql.list(cascaded.stream().map(QualifiedName::toString).toList())
                    + "."),
        alternative.toString());
  }
}
