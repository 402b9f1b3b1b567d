package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.sql.AlterAction;
import dev.migrationbot.analyzer.sql.ColumnDef;
import dev.migrationbot.analyzer.sql.Stmt;
import dev.migrationbot.analyzer.sql.TableConstraint;

/**
 * ADD COLUMN ... NOT NULL without a DEFAULT: existing rows would hold NULL, so the statement fails
 * on any table with rows, and old application versions' INSERTs fail once it succeeds.
 */
public final class AddingRequiredColumn implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "adding-required-column",
          "MB102",
          Severity.ERROR,
          "ADD COLUMN ... NOT NULL without a DEFAULT on an existing table.",
          "Existing rows would hold NULL in the new column, so PostgreSQL checks the table under"
              + " ACCESS EXCLUSIVE and the statement fails as soon as the table has a row: it"
              + " passes on the empty database of CI and fails in production. Once it succeeds,"
              + " every INSERT of application versions that do not know the column fails. Add the"
              + " column nullable (or with a constant DEFAULT, which is instant since PostgreSQL"
              + " 11), backfill it, and make it NOT NULL once every writer sets it.",
          "ALTER TABLE <table> ADD COLUMN <column> <type>;\n"
              + "-- backfill existing rows in batches:\n"
              + "UPDATE <table> SET <column> = <value> WHERE <column> IS NULL;\n"
              + "-- once every writer sets it: NOT NULL through a validated constraint\n"
              + "-- (see setting-not-null-with-scan); or, when one value suits every row:\n"
              + "ALTER TABLE <table> ADD COLUMN <column> <type> NOT NULL DEFAULT <value>;",
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
                if (required(add.column())) {
                  report(context, alter, add);
                }
              }
            });
  }

  /** NOT NULL (or PRIMARY KEY) with nothing that gives existing rows a value. */
  private static boolean required(ColumnDef column) {
    return (column.notNull() || column.hasConstraint(TableConstraint.Kind.PRIMARY_KEY))
        && column.defaultValue().isEmpty()
        && column.generated().isEmpty()
        && !column.identity()
        && !column.type().isSerial();
  }

  private static void report(
      StatementContext context, Stmt.AlterTable alter, AlterAction.AddColumn add) {
    ColumnDef column = add.column();
    String table = alter.table().sql();
    String name = RuleSupport.quote(column.name());
    StringBuilder nullable =
        new StringBuilder("ALTER TABLE ")
            .append(table)
            .append(add.ifNotExists() ? " ADD COLUMN IF NOT EXISTS " : " ADD COLUMN ")
            .append(name)
            .append(' ')
            .append(column.type().sql());
    for (TableConstraint c : column.constraints()) {
      if (c.kind() != TableConstraint.Kind.PRIMARY_KEY) {
        nullable.append(' ').append(c.sql());
      }
    }
    boolean primaryKey = column.hasConstraint(TableConstraint.Kind.PRIMARY_KEY);
    context.report(
        "ADD COLUMN "
            + column.name()
            + (primaryKey ? " PRIMARY KEY" : " NOT NULL")
            + " without a DEFAULT fails on "
            + alter.table()
            + context.sizeNote(alter.table())
            + " as soon as it has a row, since existing rows would hold NULL; once it succeeds,"
            + " INSERTs of application versions that do not set "
            + column.name()
            + " fail. It holds ACCESS EXCLUSIVE on "
            + alter.table()
            + " (reads and writes wait) while it checks every row.",
        nullable
            + ";\n-- backfill existing rows in batches:\nUPDATE "
            + table
            + " SET "
            + name
            + " = <value> WHERE "
            + name
            + " IS NULL;\n-- once every application version writes "
            + column.name()
            + ":\n"
            + SafeSql.notNullSteps(alter.table(), column.name(), context.pgMajor())
            + (primaryKey
                ? "\n-- then the primary key through a unique index built CONCURRENTLY"
                    + " (see adding-unique-without-index)"
                : "")
            + "\n-- or, when one value suits every existing row (instant since PostgreSQL 11):\n"
            + "-- ALTER TABLE "
            + table
            + " ADD COLUMN "
            + name
            + " "
            + column.type().sql()
            + " NOT NULL DEFAULT <value>;");
  }
}
