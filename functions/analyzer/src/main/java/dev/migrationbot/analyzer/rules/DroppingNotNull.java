package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.sql.AlterAction;

/** DROP NOT NULL gives up a guarantee that code reading the column relies on. */
public final class DroppingNotNull implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "dropping-not-null",
          "MB105",
          Severity.WARNING,
          "DROP NOT NULL on an existing column.",
          "The statement itself is instant, but the database stops guaranteeing that the column"
              + " has a value. Code written against the NOT NULL column (application models that"
              + " map it to a non-optional field, reports, joins, NOT IN subqueries) breaks or"
              + " silently misbehaves on the first NULL that a newer version writes. Deploy code"
              + " that handles NULL everywhere the column is read before dropping the constraint.",
          "-- once every reader handles NULL in <column>:\n"
              + "ALTER TABLE <table> ALTER COLUMN <column> DROP NOT NULL;",
          VersionRange.ALL);

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    RuleSupport.alterOfExistingTable(context)
        .ifPresent(
            alter -> {
              for (AlterAction.DropNotNull drop :
                  RuleSupport.actions(alter, AlterAction.DropNotNull.class)) {
                boolean knownNullable =
                    context
                        .table(alter.table())
                        .flatMap(t -> t.column(drop.column()))
                        .map(c -> !c.notNull())
                        .orElse(false);
                if (knownNullable) {
                  continue; // nothing to drop: PostgreSQL leaves the column as it is
                }
                context.report(
                    "DROP NOT NULL on "
                        + alter.table().name()
                        + "."
                        + drop.column()
                        + ": code that assumes it always has a value breaks on the first NULL"
                        + " written, and the database no longer guarantees it. It holds ACCESS"
                        + " EXCLUSIVE on "
                        + alter.table()
                        + " briefly.",
                    "-- first deploy code that handles NULL wherever "
                        + alter.table().name()
                        + "."
                        + drop.column()
                        + " is read, then:\n"
                        + context.source().text()
                        + ";");
              }
            });
  }
}
