package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.schema.Table;
import dev.migrationbot.analyzer.sql.AlterAction;
import dev.migrationbot.analyzer.sql.Stmt;
import java.util.Locale;

/** Changing where or how a table is stored rewrites it while holding ACCESS EXCLUSIVE. */
public final class RewritingTableStorage implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "rewriting-table-storage",
          "MB409",
          Severity.ERROR,
          "SET TABLESPACE, SET LOGGED, SET UNLOGGED or SET ACCESS METHOD on an existing table.",
          "These forms of ALTER TABLE copy the whole table, and rebuild or move its indexes,"
              + " while holding ACCESS EXCLUSIVE: every read and write waits for the whole copy."
              + " SET LOGGED also writes the entire table to the WAL, so replicas fall behind;"
              + " SET UNLOGGED makes the table empty itself after a crash and vanish from"
              + " replicas. Move a table to another tablespace online with pg_repack; for the"
              + " other changes build a new table beside the old one, copy the rows in batches"
              + " while a trigger keeps it in step, and swap the names in one short transaction.",
          "-- another tablespace, online:\n"
              + "--   pg_repack --table=<table> --tablespace=<tablespace> --moveidx\n"
              + "-- logged, unlogged or another access method: a new table, filled in batches\n"
              + "CREATE UNLOGGED TABLE <table>_new (LIKE <table> INCLUDING ALL);",
          VersionRange.ALL);

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    RuleSupport.alterOfExistingTable(context)
        .filter(alter -> !context.table(alter.table()).map(Table::partitioned).orElse(false))
        .ifPresent(
            alter -> {
              for (AlterAction.SetPersistence change :
                  RuleSupport.actions(alter, AlterAction.SetPersistence.class)) {
                report(context, alter, change.change());
              }
            });
  }

  private static void report(StatementContext context, Stmt.AlterTable alter, String change) {
    String table = alter.table().sql();
    String form = form(change);
    String consequence;
    String alternative;
    if (change.startsWith("set tablespace ")) {
      String tablespace = change.substring("set tablespace ".length());
      consequence = "";
      alternative =
          "-- move it online with pg_repack (an extension and a client program):\n--   pg_repack"
              + " --table="
              + alter.table()
              + " --tablespace="
              + tablespace
              + " --moveidx --dbname=<database>";
    } else {
      consequence =
          change.equals("set logged")
              ? "; it also writes the whole table to the WAL, so replicas fall behind"
              : change.equals("set unlogged")
                  ? "; afterwards a crash empties the table and replicas no longer have it"
                  : "";
      String create = change.equals("set unlogged") ? "CREATE UNLOGGED TABLE " : "CREATE TABLE ";
      String using =
          change.startsWith("set access method ")
              ? " USING " + change.substring("set access method ".length())
              : "";
      String newTable = RuleSupport.quote(alter.table().name() + "_new");
      alternative =
          "-- a new table beside the old one:\n"
              + create
              + (alter.table().qualified()
                  ? RuleSupport.quote(alter.table().schema()) + "." + newTable
                  : newTable)
              + " (LIKE "
              + table
              + " INCLUDING ALL)"
              + using
              + ";\n-- copy the rows in batches while a trigger copies new writes, then swap the"
              + " names\n-- in one short transaction (ALTER TABLE ... RENAME TO ...)";
    }
    context.report(
        form
            + " rewrites "
            + alter.table()
            + context.sizeNote(alter.table())
            + " and its indexes under ACCESS EXCLUSIVE: reads and writes wait for the whole copy"
            + consequence
            + ".",
        alternative);
  }

  /** "SET TABLESPACE fast", keywords in capitals and the name as the parser read it. */
  private static String form(String change) {
    for (String keywords : new String[] {"set tablespace ", "set access method "}) {
      if (change.startsWith(keywords)) {
        return keywords.toUpperCase(Locale.ROOT) + change.substring(keywords.length());
      }
    }
    return change.toUpperCase(Locale.ROOT);
  }
}
