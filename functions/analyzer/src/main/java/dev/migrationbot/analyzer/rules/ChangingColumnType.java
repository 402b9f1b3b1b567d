package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.TypeChange;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.schema.Column;
import dev.migrationbot.analyzer.schema.Table;
import dev.migrationbot.analyzer.sql.AlterAction;
import dev.migrationbot.analyzer.sql.TypeName;
import java.util.Optional;

/**
 * ALTER COLUMN ... TYPE that rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE.
 */
public final class ChangingColumnType implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "changing-column-type",
          "MB103",
          Severity.ERROR,
          "ALTER COLUMN ... TYPE that rewrites an existing table.",
          "Changing a column's type rewrites the whole table and rebuilds every index on it while"
              + " holding ACCESS EXCLUSIVE: every read and write of the table waits until the"
              + " rewrite ends, and the disk needs room for a second copy. Only binary-coercible"
              + " changes skip the rewrite: widening varchar, varchar to text, widening numeric"
              + " precision at the same scale, widening timestamp, time or interval precision,"
              + " cidr to inet. Any other change (int to bigint, text to varchar(n), a USING"
              + " expression) goes through a new column: add it, keep it in sync with a trigger,"
              + " backfill it in batches, then swap the names.",
          "ALTER TABLE <table> ADD COLUMN <column>_new <new type>;\n"
              + "-- a trigger keeps <column>_new in sync for new writes; backfill in batches:\n"
              + "UPDATE <table> SET <column>_new = <column>::<new type> WHERE <column>_new IS NULL;\n"
              + "-- then, in one short transaction:\n"
              + "ALTER TABLE <table> RENAME COLUMN <column> TO <column>_old;\n"
              + "ALTER TABLE <table> RENAME COLUMN <column>_new TO <column>;",
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
              for (AlterAction.AlterColumnType change :
                  RuleSupport.actions(alter, AlterAction.AlterColumnType.class)) {
                Optional<TypeName> from =
                    table.flatMap(t -> t.column(change.column())).flatMap(Column::type);
                if (TypeChange.rewrites(from, change.type(), change.using(), change.column())) {
                  report(context, alter.table(), table, change, from);
                }
              }
            });
  }

  private static void report(
      StatementContext context,
      QualifiedName table,
      Optional<Table> known,
      AlterAction.AlterColumnType change,
      Optional<TypeName> from) {
    String column = change.column();
    String what =
        "ALTER COLUMN "
            + column
            + " TYPE "
            + change.type().sql()
            + from.map(f -> " (from " + f.formatted() + ")").orElse("");
    boolean partitioned = known.map(Table::partitioned).orElse(false);
    String effect =
        " rewrites "
            + table
            + context.sizeNote(table)
            + (partitioned
                ? " (every partition) and rebuilds their indexes"
                : " and rebuilds its indexes")
            + " under ACCESS EXCLUSIVE: reads and writes wait for the whole rewrite.";
    String message;
    if (from.isEmpty()) {
      message =
          what
              + ": the analyzer does not know the current type of "
              + table.name()
              + "."
              + column
              + ", and unless the change is binary-coercible (varchar widening, varchar to text,"
              + " numeric precision widening, ...) it"
              + effect;
    } else if (change.using().isPresent()) {
      message = what + " USING " + change.using().get().sql() + effect;
    } else {
      message = what + effect;
    }
    if (context.pgMajor() >= 12 && from.isPresent() && timeZoneSwap(from.get(), change.type())) {
      message += " PostgreSQL 12+ skips the rewrite only when the session TimeZone is UTC.";
    }
    context.report(message, expandContract(table, change));
  }

  private static boolean timeZoneSwap(TypeName from, TypeName to) {
    return from.name().startsWith("timestamp")
        && to.name().startsWith("timestamp")
        && !from.name().equals(to.name());
  }

  /** New column, trigger for new writes, batched backfill, then swap the names. */
  private static String expandContract(QualifiedName table, AlterAction.AlterColumnType change) {
    String t = table.sql();
    String column = change.column();
    String old = RuleSupport.quote(column);
    String renamedNew = RuleSupport.quote(column + "_new");
    String renamedOld = RuleSupport.quote(column + "_old");
    String sync = RuleSupport.quote(table.name() + "_" + column + "_sync");
    String type = change.type().sql();
    String fromNew =
        change
            .using()
            .map(
                u ->
                    "(SELECT "
                        + u.sql()
                        + " FROM (SELECT NEW.*) AS "
                        + RuleSupport.quote(table.name())
                        + ")")
            .orElse("NEW." + old + "::" + type);
    String converted = change.using().map(u -> u.sql()).orElse(old + "::" + type);
    return "ALTER TABLE "
        + t
        + " ADD COLUMN "
        + renamedNew
        + " "
        + type
        + ";\nCREATE FUNCTION "
        + sync
        + "() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW."
        + renamedNew
        + " := "
        + fromNew
        + ";\n  RETURN NEW;\nEND $$;\nCREATE TRIGGER "
        + sync
        + " BEFORE INSERT OR UPDATE ON "
        + t
        + "\n  FOR EACH ROW EXECUTE FUNCTION "
        + sync
        + "();\n-- backfill existing rows in batches:\nUPDATE "
        + t
        + " SET "
        + renamedNew
        + " = "
        + converted
        + " WHERE "
        + renamedNew
        + " IS NULL;\n-- give "
        + column
        + "_new the default, NOT NULL, constraints and indexes of "
        + column
        + "\n-- (NOT VALID + VALIDATE, CREATE INDEX CONCURRENTLY), then swap in one short"
        + " transaction:\nBEGIN;\nDROP TRIGGER "
        + sync
        + " ON "
        + t
        + ";\nALTER TABLE "
        + t
        + " RENAME COLUMN "
        + old
        + " TO "
        + renamedOld
        + ";\nALTER TABLE "
        + t
        + " RENAME COLUMN "
        + renamedNew
        + " TO "
        + old
        + ";\nCOMMIT;\n-- once no code reads "
        + column
        + "_old:\nALTER TABLE "
        + t
        + " DROP COLUMN "
        + renamedOld
        + ";\nDROP FUNCTION "
        + sync
        + "();";
  }
}
