package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.FunctionVolatility;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.Volatility;
import dev.migrationbot.analyzer.sql.AlterAction;
import dev.migrationbot.analyzer.sql.ColumnDef;
import dev.migrationbot.analyzer.sql.Expression;
import dev.migrationbot.analyzer.sql.Stmt;

/** ADD COLUMN with a volatile DEFAULT fills every existing row: a full rewrite under lock. */
public final class AddingVolatileDefault implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "adding-volatile-default",
          "MB101",
          Severity.ERROR,
          "ADD COLUMN with a volatile DEFAULT rewrites the table.",
          "Since PostgreSQL 11 a non-volatile DEFAULT is stored in the catalog and ADD COLUMN is"
              + " instant. A volatile one (random(), gen_random_uuid(), clock_timestamp(),"
              + " nextval()) must be computed for every existing row, so PostgreSQL rewrites the"
              + " table and all its indexes while holding ACCESS EXCLUSIVE: every read and write of"
              + " the table waits for the whole rewrite, and the disk needs room for a second copy."
              + " A function the analyzer does not know (user-defined, from an extension) is"
              + " treated as volatile.",
          "ALTER TABLE <table> ADD COLUMN <column> <type>;\n"
              + "ALTER TABLE <table> ALTER COLUMN <column> SET DEFAULT <expression>;\n"
              + "-- then fill existing rows in batches (the rollout's backfill phase):\n"
              + "UPDATE <table> SET <column> = <expression> WHERE <column> IS NULL;",
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
              for (AlterAction.AddColumn add :
                  RuleSupport.actions(alter, AlterAction.AddColumn.class)) {
                ColumnDef column = add.column();
                if (column.defaultValue().isEmpty()) {
                  continue;
                }
                Expression value = column.defaultValue().get();
                Volatility volatility = FunctionVolatility.of(value);
                if (volatility == Volatility.VOLATILE || volatility == Volatility.UNKNOWN) {
                  report(context, alter, column, value, volatility);
                }
              }
            });
  }

  private static void report(
      StatementContext context,
      Stmt.AlterTable alter,
      ColumnDef column,
      Expression value,
      Volatility volatility) {
    String table = alter.table().sql();
    String name = RuleSupport.quote(column.name());
    String why =
        volatility == Volatility.VOLATILE
            ? "is volatile"
            : "calls a function the analyzer does not know, so it may be volatile";
    context.report(
        "ADD COLUMN "
            + column.name()
            + " with DEFAULT "
            + value.sql()
            + " ("
            + why
            + ") rewrites "
            + alter.table()
            + context.sizeNote(alter.table())
            + " and its indexes under ACCESS EXCLUSIVE: reads and writes wait for the whole"
            + " rewrite.",
        "ALTER TABLE "
            + table
            + " ADD COLUMN "
            + name
            + " "
            + column.type().sql()
            + ";\nALTER TABLE "
            + table
            + " ALTER COLUMN "
            + name
            + " SET DEFAULT "
            + value.sql()
            + ";\n-- backfill existing rows in batches:\nUPDATE "
            + table
            + " SET "
            + name
            + " = "
            + value.sql()
            + " WHERE "
            + name
            + " IS NULL;"
            + (column.notNull()
                ? "\n-- then NOT NULL through a validated CHECK (see setting-not-null-with-scan)"
                : ""));
  }
}
