package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.sql.AlterAction;
import dev.migrationbot.analyzer.sql.Stmt;

/** Renaming a table, or moving it to another schema, breaks the code already deployed. */
public final class RenamingTable implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "renaming-table",
          "MB402",
          Severity.ERROR,
          "RENAME TO or SET SCHEMA of an existing table.",
          "The rename itself is instant (ACCESS EXCLUSIVE, catalog only), but the application"
              + " that is running while the migration deploys still names the table the old way:"
              + " each of its queries fails with \"relation does not exist\" until every instance"
              + " runs the new code, and a rollback of the code breaks it again. Give the table"
              + " its new name through a view first (a view over one table is updatable, so both"
              + " versions of the code read and write through either name), and rename for real"
              + " only once no deployed code uses the old name.",
          "-- expand: the new name, as a view over the table\n"
              + "CREATE VIEW <new_name> AS SELECT * FROM <table>;\n"
              + "-- contract, once no deployed code uses <table>:\n"
              + "-- BEGIN; DROP VIEW <new_name>; ALTER TABLE <table> RENAME TO <new_name>;"
              + " COMMIT;",
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
              for (AlterAction action : alter.actions()) {
                if (action instanceof AlterAction.RenameTable rename) {
                  report(context, alter, alter.table().sibling(rename.to()), "RENAME TO");
                } else if (action instanceof AlterAction.SetSchema move) {
                  report(
                      context,
                      alter,
                      QualifiedName.of(move.schema(), alter.table().name()),
                      "SET SCHEMA");
                }
              }
            });
  }

  private static void report(
      StatementContext context, Stmt.AlterTable alter, QualifiedName to, String form) {
    QualifiedName from = alter.table();
    context.report(
        form
            + " moves "
            + from
            + " to "
            + to
            + " under ACCESS EXCLUSIVE: every query of the application still deployed that names "
            + from.name()
            + " fails until all of it runs the new code, and again after a rollback of the code.",
        "-- expand: the new name, as a view over the table; both names read and write the same"
            + " rows\nCREATE VIEW "
            + to.sql()
            + " AS SELECT * FROM "
            + from.sql()
            + ";\n-- contract, once no deployed code uses "
            + from.name()
            + " (the view's column list is fixed: recreate it after column changes):\n"
            + "-- BEGIN; DROP VIEW "
            + to.sql()
            + "; "
            + SafeSql.statement(context)
            + " COMMIT;");
  }
}
