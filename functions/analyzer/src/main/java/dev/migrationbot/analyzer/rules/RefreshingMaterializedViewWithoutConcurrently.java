package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.schema.Index;
import dev.migrationbot.analyzer.sql.Stmt;
import java.util.Optional;

/** A plain REFRESH MATERIALIZED VIEW locks the view's readers out while the query reruns. */
public final class RefreshingMaterializedViewWithoutConcurrently implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "refreshing-materialized-view-without-concurrently",
          "MB406",
          Severity.WARNING,
          "REFRESH MATERIALIZED VIEW without CONCURRENTLY.",
          "A plain REFRESH reruns the view's query and swaps in the result while holding ACCESS"
              + " EXCLUSIVE on the materialized view: every query reading the view waits until"
              + " the refresh ends. REFRESH ... CONCURRENTLY takes EXCLUSIVE instead, which"
              + " reads pass: it computes the new contents beside the old ones and applies the"
              + " difference. It needs a unique index on plain columns of the view covering all"
              + " rows, and is slower when most rows change.",
          "-- needs a unique index on the view, e.g.\n"
              + "-- CREATE UNIQUE INDEX CONCURRENTLY <view>_key ON <view> (<key columns>);\n"
              + "REFRESH MATERIALIZED VIEW CONCURRENTLY <view>;",
          VersionRange.ALL);

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    if (!(context.statement() instanceof Stmt.RefreshMaterializedView refresh)
        || refresh.concurrently()
        || context.isNew(refresh.view())
        // WITH NO DATA reruns nothing: it empties the view, and CONCURRENTLY cannot do that
        || SafeSql.topLevelWord(context.source(), "no") >= 0) {
      return;
    }
    QualifiedName view = refresh.view();
    Optional<Index> unique =
        context.schema().indexesOn(view).stream().filter(Index::unique).findFirst();
    String requirement =
        unique
            .map(i -> "-- its unique index " + i.name().name() + " allows CONCURRENTLY\n")
            .orElse(
                "-- CONCURRENTLY needs a unique index on plain columns of the view covering all"
                    + " rows:\n-- CREATE UNIQUE INDEX CONCURRENTLY "
                    + RuleSupport.quote(view.name() + "_key")
                    + " ON "
                    + view.sql()
                    + " (<key columns>);\n");
    int name = SafeSql.topLevelWord(context.source(), "view") + 1;
    context.report(
        "REFRESH MATERIALIZED VIEW holds ACCESS EXCLUSIVE on "
            + view
            + context.sizeNote(view)
            + " while it reruns the view's query: every read of the view waits until it is done.",
        requirement
            + SafeSql.before(context.source(), name)
            + " CONCURRENTLY "
            + SafeSql.from(context.source(), name)
            + ";");
  }
}
