package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.schema.Table;
import dev.migrationbot.analyzer.sql.AlterAction;
import dev.migrationbot.analyzer.sql.Stmt;
import dev.migrationbot.analyzer.sql.TableConstraint;
import dev.migrationbot.analyzer.sql.Token;
import java.util.List;
import java.util.Optional;

/** A validated CHECK scans the whole table under ACCESS EXCLUSIVE. */
public final class AddingCheckWithoutNotValid implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "adding-check-without-not-valid",
          "MB201",
          Severity.ERROR,
          "ADD CHECK on an existing table without NOT VALID.",
          "Adding a CHECK constraint takes ACCESS EXCLUSIVE on the table and reads every row to"
              + " verify it: every read and write waits for the whole scan. Added NOT VALID, the"
              + " constraint is enforced for new and updated rows at once and the lock is held"
              + " only for an instant; VALIDATE CONSTRAINT, run later in its own transaction,"
              + " checks the existing rows under SHARE UPDATE EXCLUSIVE, which reads and writes do"
              + " not wait for. A CHECK declared inline in ADD COLUMN has no NOT VALID form: add"
              + " it as a separate constraint.",
          "ALTER TABLE <table> ADD CONSTRAINT <name> CHECK (<condition>) NOT VALID;\n"
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
              for (AlterAction action : alter.actions()) {
                if (action instanceof AlterAction.AddConstraint add
                    && add.constraint().kind() == TableConstraint.Kind.CHECK
                    && !add.constraint().notValid()) {
                  report(context, alter, add.constraint(), Optional.empty());
                } else if (action instanceof AlterAction.AddColumn add) {
                  for (TableConstraint c : add.column().constraints()) {
                    if (c.kind() == TableConstraint.Kind.CHECK) {
                      String withoutCheck = SafeSql.without(context.source(), c.sql()) + ";\n";
                      report(context, alter, c, Optional.of(withoutCheck));
                    }
                  }
                }
              }
            });
  }

  /**
   * @param addColumn for an inline CHECK, the ADD COLUMN without it, to run first
   */
  private static void report(
      StatementContext context,
      Stmt.AlterTable alter,
      TableConstraint c,
      Optional<String> addColumn) {
    QualifiedName table = alter.table();
    String name = c.name().orElseGet(() -> defaultName(context.table(table), table, c));
    String quoted = RuleSupport.quote(name);
    String partitions =
        context.table(table).map(Table::partitioned).orElse(false) ? " and its partitions" : "";
    context.report(
        "ADD CHECK "
            + name
            + " reads every row of "
            + table
            + context.sizeNote(table)
            + partitions
            + " under ACCESS EXCLUSIVE: reads and writes wait for the whole scan.",
        addColumn.orElse("")
            + "ALTER TABLE "
            + table.sql()
            + " ADD "
            + (c.name().isPresent() ? "" : "CONSTRAINT " + quoted + " ")
            + c.sqlNotValid()
            + ";\n-- in a later transaction (scans without blocking reads or writes):\n"
            + "ALTER TABLE "
            + table.sql()
            + " VALIDATE CONSTRAINT "
            + quoted
            + ";");
  }

  /**
   * The name PostgreSQL gives an unnamed CHECK: table_column_check when it refers to exactly one
   * column, table_check otherwise.
   */
  private static String defaultName(Optional<Table> known, QualifiedName table, TableConstraint c) {
    List<String> columns = c.columns();
    if (columns.isEmpty() && known.isPresent()) {
      columns =
          c.check().get().tokens().stream()
              .filter(Token::isIdentifier)
              .map(Token::value)
              .filter(v -> known.get().column(v).isPresent())
              .distinct()
              .toList();
    }
    return table.name() + (columns.size() == 1 ? "_" + columns.get(0) : "") + "_check";
  }
}
