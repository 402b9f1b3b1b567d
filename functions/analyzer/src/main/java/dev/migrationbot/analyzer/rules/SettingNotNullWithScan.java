package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.schema.Column;
import dev.migrationbot.analyzer.schema.Constraint;
import dev.migrationbot.analyzer.schema.Table;
import dev.migrationbot.analyzer.sql.AlterAction;
import dev.migrationbot.analyzer.sql.Stmt;
import dev.migrationbot.analyzer.sql.TableConstraint;
import java.util.Optional;

/**
 * SET NOT NULL (or PostgreSQL 18's validated NOT NULL constraint) scans the whole table under
 * ACCESS EXCLUSIVE, unless a validated CHECK already proves the column holds no NULL.
 */
public final class SettingNotNullWithScan implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "setting-not-null-with-scan",
          "MB104",
          Severity.ERROR,
          "SET NOT NULL on an existing column scans the table under ACCESS EXCLUSIVE.",
          "SET NOT NULL (and, on PostgreSQL 18, ADD CONSTRAINT ... NOT NULL without NOT VALID)"
              + " reads every row to prove the column has no NULL while holding ACCESS EXCLUSIVE:"
              + " every read and write of the table waits for the whole scan. From PostgreSQL 12"
              + " the scan is skipped when a validated CHECK (column IS NOT NULL) proves it, and"
              + " such a CHECK can be added NOT VALID and validated under SHARE UPDATE EXCLUSIVE,"
              + " which reads and writes do not wait for. PostgreSQL 18 can add the NOT NULL"
              + " constraint itself NOT VALID and validate it the same way.",
          "-- PostgreSQL 12 to 17:\n"
              + "ALTER TABLE <table> ADD CONSTRAINT <table>_<column>_not_null"
              + " CHECK (<column> IS NOT NULL) NOT VALID;\n"
              + "-- in a later transaction:\n"
              + "ALTER TABLE <table> VALIDATE CONSTRAINT <table>_<column>_not_null;\n"
              + "ALTER TABLE <table> ALTER COLUMN <column> SET NOT NULL;\n"
              + "ALTER TABLE <table> DROP CONSTRAINT <table>_<column>_not_null;\n"
              + "-- PostgreSQL 18:\n"
              + "ALTER TABLE <table> ADD CONSTRAINT <table>_<column>_not_null"
              + " NOT NULL <column> NOT VALID;\n"
              + "-- in a later transaction:\n"
              + "ALTER TABLE <table> VALIDATE CONSTRAINT <table>_<column>_not_null;",
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
              Optional<Table> table = context.table(alter.table());
              for (AlterAction action : alter.actions()) {
                if (action instanceof AlterAction.SetNotNull set
                    && scans(context, table, set.column())) {
                  reportSetNotNull(context, alter, table, set.column());
                } else if (action instanceof AlterAction.AddConstraint add
                    && add.constraint().kind() == TableConstraint.Kind.NOT_NULL
                    && !add.constraint().notValid()
                    && scans(context, table, add.constraint().columns().get(0))) {
                  reportNotNullConstraint(context, alter, add.constraint());
                }
              }
            });
  }

  /**
   * Whether making the column NOT NULL reads the table: not already NOT NULL, nothing proves it.
   */
  private static boolean scans(StatementContext context, Optional<Table> table, String column) {
    boolean alreadyNotNull =
        table.flatMap(t -> t.column(column)).map(Column::notNull).orElse(false);
    boolean proven =
        context.pgMajor() >= 12 && table.map(t -> t.hasValidatedNotNullProof(column)).orElse(false);
    return !alreadyNotNull && !proven;
  }

  private static void reportSetNotNull(
      StatementContext context, Stmt.AlterTable alter, Optional<Table> table, String column) {
    QualifiedName t = alter.table();
    boolean before12 = context.pgMajor() < 12;
    // before 12 a validated proof exists but is not used; from 12 one may exist NOT VALID
    Optional<Constraint> proof =
        table.flatMap(
            x ->
                x.constraints().stream()
                    .filter(c -> c.notNullColumn().filter(column::equals).isPresent())
                    .filter(c -> c.validated() == before12)
                    .findFirst());
    String message =
        "SET NOT NULL on "
            + t.name()
            + "."
            + column
            + " scans every row of "
            + t
            + context.sizeNote(t)
            + " under ACCESS EXCLUSIVE: reads and writes wait for the whole scan.";
    String alternative;
    if (proof.isPresent() && before12) {
      message +=
          " PostgreSQL "
              + context.pgMajor()
              + " does not use the validated constraint "
              + proof.get().name()
              + " to skip it; PostgreSQL 12+ does.";
      alternative =
          "-- PostgreSQL "
              + context.pgMajor()
              + " scans even with the CHECK in place: keep the validated constraint "
              + RuleSupport.quote(proof.get().name())
              + " as the guarantee\n-- instead of NOT NULL, and set NOT NULL after upgrading to"
              + " PostgreSQL 12+, where it skips the scan";
    } else if (proof.isPresent()) {
      String name = RuleSupport.quote(proof.get().name());
      boolean nativeNotNull = proof.get().kind() == TableConstraint.Kind.NOT_NULL;
      message +=
          " The constraint "
              + proof.get().name()
              + " that would prove it is NOT VALID: validate it first.";
      alternative =
          "ALTER TABLE "
              + t.sql()
              + " VALIDATE CONSTRAINT "
              + name
              + ";"
              + (nativeNotNull
                  ? "\n-- validated, the NOT NULL constraint makes the column NOT NULL"
                  : "\n-- in a later transaction, without a scan:\n"
                      + context.source().text()
                      + ";");
    } else {
      alternative = SafeSql.notNullSteps(t, column, context.pgMajor());
    }
    context.report(message, alternative);
  }

  private static void reportNotNullConstraint(
      StatementContext context, Stmt.AlterTable alter, TableConstraint c) {
    QualifiedName t = alter.table();
    String column = c.columns().get(0);
    String name = c.name().orElse(SafeSql.notNullConstraintName(t, column));
    context.report(
        "ADD CONSTRAINT "
            + name
            + " NOT NULL "
            + column
            + " scans every row of "
            + t
            + context.sizeNote(t)
            + " under ACCESS EXCLUSIVE: reads and writes wait for the whole scan.",
        "ALTER TABLE "
            + t.sql()
            + " ADD "
            + (c.name().isPresent() ? "" : "CONSTRAINT " + RuleSupport.quote(name) + " ")
            + c.sqlNotValid()
            + ";\n-- in a later transaction (scans without blocking reads or writes):\n"
            + "ALTER TABLE "
            + t.sql()
            + " VALIDATE CONSTRAINT "
            + RuleSupport.quote(name)
            + ";");
  }
}
