package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.sql.AlterAction;

/** DROP COLUMN destroys data and breaks application versions that still use the column. */
public final class DroppingColumn implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "dropping-column",
          "MB107",
          Severity.WARNING,
          "DROP COLUMN on an existing table.",
          "Dropping a column is instant (PostgreSQL only marks it dropped), but it is"
              + " destructive: the data is gone and undoing it needs a restore. Every deployed"
              + " application version that still selects, inserts or updates the column fails,"
              + " ORMs that list columns at start-up included, and indexes and constraints on the"
              + " column are dropped with it. It belongs to the contract phase, after the code"
              + " that used the column is gone everywhere.",
          "-- 1. deploy code that no longer reads or writes <column>\n"
              + "-- 2. then, in the contract phase:\n"
              + "ALTER TABLE <table> DROP COLUMN <column>;",
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
              for (AlterAction.DropColumn drop :
                  RuleSupport.actions(alter, AlterAction.DropColumn.class)) {
                context.report(
                    "DROP COLUMN "
                        + drop.column()
                        + " on "
                        + alter.table()
                        + context.sizeNote(alter.table())
                        + " destroys its data and breaks every deployed application version that"
                        + " still reads or writes it; its indexes and constraints go with it. It"
                        + " holds ACCESS EXCLUSIVE on "
                        + alter.table()
                        + " briefly.",
                    "-- 1. deploy code that no longer reads or writes "
                        + alter.table().name()
                        + "."
                        + drop.column()
                        + " (tell the ORM to ignore it)\n-- 2. then, in the contract phase:\n"
                        + context.source().text()
                        + ";");
              }
            });
  }
}
