package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.schema.Index;
import dev.migrationbot.analyzer.schema.Origin;
import dev.migrationbot.analyzer.sql.Stmt;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A plain REINDEX blocks writes, and reads too through the planner's index locks. */
public final class ReindexingWithoutConcurrently implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "reindexing-without-concurrently",
          "MB305",
          Severity.ERROR,
          "REINDEX INDEX or TABLE without CONCURRENTLY.",
          "A plain REINDEX holds SHARE on the table, which blocks every write, and ACCESS"
              + " EXCLUSIVE on each index it rebuilds for the whole rebuild. The planner takes"
              + " ACCESS SHARE on every index of a table before it chooses a plan, so almost"
              + " every read of the table waits too. Since PostgreSQL 12, REINDEX CONCURRENTLY"
              + " builds a new copy of each index beside the old one under SHARE UPDATE"
              + " EXCLUSIVE and swaps them, while reads and writes go on.",
          "-- outside a transaction block; if it fails, drop the invalid <index>_ccnew it leaves\n"
              + "REINDEX INDEX CONCURRENTLY <index>;",
          VersionRange.from(12));

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    if (!(context.statement() instanceof Stmt.Reindex reindex) || reindex.concurrently()) {
      return;
    }
    QualifiedName name = reindex.name();
    String rebuilt;
    Optional<QualifiedName> table;
    switch (reindex.target()) {
      case INDEX -> {
        Optional<Index> index = context.schema().index(name);
        if (index.map(i -> i.origin() == Origin.NEW).orElse(false)) {
          return;
        }
        table = index.map(Index::table);
        rebuilt = "index " + name.name();
      }
      case TABLE -> {
        table = Optional.of(name);
        List<String> indexes =
            context.schema().indexesOn(name).stream().map(i -> i.name().name()).toList();
        rebuilt =
            indexes.isEmpty()
                ? "each index of the table in turn"
                : "each of its indexes (" + SafeSql.list(indexes) + ")";
      }
      default -> {
        return;
      }
    }
    if (table.map(context::isNew).orElse(false)) {
      return;
    }
    String tableText = table.map(t -> t + context.sizeNote(t)).orElse("the index's table");
    int target =
        SafeSql.topLevelWord(context.source(), reindex.target().name().toLowerCase(Locale.ROOT));
    context.report(
        "REINDEX "
            + reindex.target()
            + " holds SHARE on "
            + tableText
            + ", blocking its writes, and ACCESS EXCLUSIVE on "
            + rebuilt
            + " until it commits: reads wait too, because the planner locks every index of the"
            + " table before it picks one.",
        "-- outside a transaction block; if it fails, drop the invalid *_ccnew index it leaves\n"
            + SafeSql.before(context.source(), target + 1)
            + " CONCURRENTLY "
            + SafeSql.from(context.source(), target + 1)
            + ";");
  }
}
