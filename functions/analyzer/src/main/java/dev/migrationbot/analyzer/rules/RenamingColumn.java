package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.schema.Column;
import dev.migrationbot.analyzer.sql.AlterAction;

/** RENAME COLUMN breaks every running query and application version that uses the old name. */
public final class RenamingColumn implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "renaming-column",
          "MB106",
          Severity.ERROR,
          "RENAME COLUMN on an existing table.",
          "The rename is instant, but from the moment it commits every query, prepared"
              + " statement and deployed application version that uses the old name fails. During a rolling deploy old and new versions run side by side,"
              + " so no single moment is safe. Add the new column, keep both in sync with a"
              + " trigger, backfill, switch reads and writes to the new name, then drop the old"
              + " column once nothing uses it.",
          "ALTER TABLE <table> ADD COLUMN <new> <type>;\n"
              + "-- a trigger copies between <old> and <new> on every write; backfill in batches:\n"
              + "UPDATE <table> SET <new> = <old> WHERE <new> IS NULL;\n"
              + "-- deploy code that uses <new>; once nothing uses <old>:\n"
              + "ALTER TABLE <table> DROP COLUMN <old>;",
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
              for (AlterAction.RenameColumn rename :
                  RuleSupport.actions(alter, AlterAction.RenameColumn.class)) {
                String type =
                    context
                        .table(alter.table())
                        .flatMap(t -> t.column(rename.from()))
                        .flatMap(Column::type)
                        .map(x -> x.sql())
                        .orElse("<type of " + rename.from() + ">");
                context.report(
                    "RENAME COLUMN "
                        + rename.from()
                        + " TO "
                        + rename.to()
                        + " on "
                        + alter.table()
                        + ": every query and deployed application version that names "
                        + alter.table().name()
                        + "."
                        + rename.from()
                        + " fails from the moment it commits. It holds ACCESS EXCLUSIVE on "
                        + alter.table()
                        + " briefly.",
                    expandContract(alter.table(), rename.from(), rename.to(), type));
              }
            });
  }

  private static String expandContract(QualifiedName table, String from, String to, String type) {
    String t = table.sql();
    String old = RuleSupport.quote(from);
    String renamed = RuleSupport.quote(to);
    String sync = RuleSupport.quote(table.name() + "_" + to + "_sync");
    return "ALTER TABLE "
        + t
        + " ADD COLUMN "
        + renamed
        + " "
        + type
        + ";\n-- keep both columns in sync while old and new code run side by side:\n"
        + "CREATE FUNCTION "
        + sync
        + "() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
        + "  IF TG_OP = 'INSERT' THEN\n"
        + "    NEW."
        + renamed
        + " := coalesce(NEW."
        + renamed
        + ", NEW."
        + old
        + ");\n    NEW."
        + old
        + " := coalesce(NEW."
        + old
        + ", NEW."
        + renamed
        + ");\n  ELSIF NEW."
        + renamed
        + " IS DISTINCT FROM OLD."
        + renamed
        + " THEN\n    NEW."
        + old
        + " := NEW."
        + renamed
        + ";\n  ELSE\n    NEW."
        + renamed
        + " := NEW."
        + old
        + ";\n  END IF;\n  RETURN NEW;\nEND $$;\nCREATE TRIGGER "
        + sync
        + " BEFORE INSERT OR UPDATE ON "
        + t
        + "\n  FOR EACH ROW EXECUTE FUNCTION "
        + sync
        + "();\n-- backfill existing rows in batches:\nUPDATE "
        + t
        + " SET "
        + renamed
        + " = "
        + old
        + " WHERE "
        + renamed
        + " IS NULL;\n-- deploy code that reads and writes "
        + to
        + "; once no deployed version uses "
        + from
        + ":\nDROP TRIGGER "
        + sync
        + " ON "
        + t
        + ";\nDROP FUNCTION "
        + sync
        + "();\nALTER TABLE "
        + t
        + " DROP COLUMN "
        + old
        + ";";
  }
}
