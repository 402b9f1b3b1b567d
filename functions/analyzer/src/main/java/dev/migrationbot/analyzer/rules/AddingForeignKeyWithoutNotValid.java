package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.sql.AlterAction;
import dev.migrationbot.analyzer.sql.TableConstraint;

/** A validated FOREIGN KEY scans the table while blocking writes on both tables. */
public final class AddingForeignKeyWithoutNotValid implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "adding-foreign-key-without-not-valid",
          "MB202",
          Severity.ERROR,
          "ADD FOREIGN KEY on an existing table without NOT VALID.",
          "Adding a foreign key takes SHARE ROW EXCLUSIVE on the table and on the table it"
              + " references, then checks every existing row: writes to both tables wait for the"
              + " whole scan. Added NOT VALID, the constraint is enforced for new writes at once"
              + " and the lock is held only for an instant; VALIDATE CONSTRAINT, run later in its"
              + " own transaction, checks the existing rows under SHARE UPDATE EXCLUSIVE (and ROW"
              + " SHARE on the referenced table), which reads and writes do not wait for.",
          "ALTER TABLE <table> ADD CONSTRAINT <name> FOREIGN KEY (<column>)\n"
              + "  REFERENCES <referenced> (<key>) NOT VALID;\n"
              + "-- in a later transaction:\n"
              + "ALTER TABLE <table> VALIDATE CONSTRAINT <name>;",
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
                if (c.kind() != TableConstraint.Kind.FOREIGN_KEY || c.notValid()) {
                  continue;
                }
                QualifiedName referenced = c.references().orElseThrow();
                String name =
                    c.name()
                        .orElse(
                            alter.table().name() + "_" + String.join("_", c.columns()) + "_fkey");
                context.report(
                    "ADD FOREIGN KEY "
                        + name
                        + " takes SHARE ROW EXCLUSIVE on "
                        + alter.table()
                        + context.sizeNote(alter.table())
                        + " and "
                        + referenced
                        + " and scans every row: writes to both tables wait for the whole"
                        + " scan.",
                    "ALTER TABLE "
                        + alter.table().sql()
                        + " ADD "
                        + (c.name().isPresent()
                            ? ""
                            : "CONSTRAINT " + RuleSupport.quote(name) + " ")
                        + c.sqlNotValid()
                        + ";\n-- in a later transaction:\nALTER TABLE "
                        + alter.table().sql()
                        + " VALIDATE CONSTRAINT "
                        + RuleSupport.quote(name)
                        + ";");
              }
            });
  }
}
