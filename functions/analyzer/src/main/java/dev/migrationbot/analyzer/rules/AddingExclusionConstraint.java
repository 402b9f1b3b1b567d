package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.sql.AlterAction;
import dev.migrationbot.analyzer.sql.TableConstraint;

/** ADD EXCLUDE builds an index and checks every row under ACCESS EXCLUSIVE; it has no NOT VALID. */
public final class AddingExclusionConstraint implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "adding-exclusion-constraint",
          "MB205",
          Severity.ERROR,
          "ADD EXCLUDE on an existing table.",
          "An exclusion constraint is enforced by an index: adding one builds that index and"
              + " checks every pair of conflicting rows while holding ACCESS EXCLUSIVE on the"
              + " table, so every read and write waits for the whole build. Unlike CHECK and"
              + " FOREIGN KEY there is no NOT VALID form, and unlike UNIQUE no USING INDEX form, so"
              + " there is no way to add it to a busy table in place: create it on an empty copy"
              + " of the table, move the rows there, and swap the names.",
          "CREATE TABLE <table>_new (LIKE <table> INCLUDING ALL);\n"
              + "ALTER TABLE <table>_new ADD CONSTRAINT <name> EXCLUDE ...;\n"
              + "-- copy the rows in batches while a trigger mirrors new writes, then:\n"
              + "BEGIN;\n"
              + "ALTER TABLE <table> RENAME TO <table>_old;\n"
              + "ALTER TABLE <table>_new RENAME TO <table>;\n"
              + "COMMIT;",
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
              for (AlterAction.AddConstraint add :
                  RuleSupport.actions(alter, AlterAction.AddConstraint.class)) {
                TableConstraint c = add.constraint();
                if (c.kind() != TableConstraint.Kind.EXCLUDE) {
                  continue;
                }
                QualifiedName table = alter.table();
                QualifiedName copy = table.sibling(table.name() + "_new");
                context.report(
                    "ADD "
                        + c.name().map(n -> "CONSTRAINT " + n + " ").orElse("")
                        + "EXCLUDE builds its index and checks every row of "
                        + table
                        + context.sizeNote(table)
                        + " under ACCESS EXCLUSIVE: reads and writes wait for the whole build;"
                        + " an exclusion constraint has no NOT VALID form.",
                    "-- no in-place form holds a lighter lock: build the constraint on an empty"
                        + " copy\nCREATE TABLE "
                        + copy.sql()
                        + " (LIKE "
                        + table.sql()
                        + " INCLUDING ALL);\nALTER TABLE "
                        + copy.sql()
                        + " ADD "
                        + c.sql()
                        + ";\n-- mirror new writes with a trigger and copy the rows in batches"
                        + " (conflicting rows fail here, not in production), then swap:\n"
                        + "BEGIN;\nALTER TABLE "
                        + table.sql()
                        + " RENAME TO "
                        + RuleSupport.quote(table.name() + "_old")
                        + ";\nALTER TABLE "
                        + copy.sql()
                        + " RENAME TO "
                        + RuleSupport.quote(table.name())
                        + ";\nCOMMIT;");
              }
            });
  }
}
