package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.LockClaim;
import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.sql.ObjectKind;
import dev.migrationbot.analyzer.sql.Stmt;
import java.util.List;

/** DROP TABLE destroys data for good and breaks any code still using the table. */
public final class DroppingTable implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "dropping-table",
          "MB403",
          Severity.WARNING,
          "DROP TABLE of an existing table.",
          "Dropping a table deletes its rows for good: a rollback of the code cannot bring them"
              + " back, and any deployed code that still reads or writes the table fails. It"
              + " also takes ACCESS EXCLUSIVE on the table and on every table it references by"
              + " foreign key (their triggers are removed), so reads and writes of those queue"
              + " behind it while it waits. Drop a table in the contract phase only, after the"
              + " code that used it is gone everywhere and nothing has touched it for a while.",
          "-- 1. stop reading and writing <table> in the application and deploy that\n"
              + "-- 2. check nothing touches it any more (pg_stat_user_tables)\n"
              + "-- 3. contract phase:\n"
              + "DROP TABLE <table>;",
          VersionRange.ALL);

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    if (!(context.statement() instanceof Stmt.Drop drop) || drop.objectKind() != ObjectKind.TABLE) {
      return;
    }
    List<QualifiedName> dropped = drop.names().stream().filter(t -> !context.isNew(t)).toList();
    if (dropped.isEmpty()) {
      return;
    }
    List<String> referenced =
        context.facts().locks().stream()
            .map(LockClaim::relation)
            .filter(r -> !drop.names().contains(r))
            .map(QualifiedName::toString)
            .toList();
    String tables = SafeSql.list(dropped.stream().map(t -> t + context.sizeNote(t)).toList());
    String first = dropped.get(0).sql();
    context.report(
        "DROP TABLE deletes "
            + tables
            + " and every row in it for good, under ACCESS EXCLUSIVE"
            + (referenced.isEmpty()
                ? ""
                : " (also on "
                    + SafeSql.list(referenced)
                    + ", whose foreign-key triggers it removes)")
            + (drop.cascade() ? "; CASCADE also drops the views and foreign keys that use it" : "")
            + ": deployed code that still uses it fails, and a rollback cannot bring the data"
            + " back.",
        "-- 1. stop reading and writing "
            + first
            + " in the application and deploy that\n"
            + "-- 2. check nothing touches it any more:\n"
            + "--    SELECT seq_scan, idx_scan, n_tup_ins, n_tup_upd, n_tup_del\n"
            + "--    FROM pg_stat_user_tables WHERE relid = '"
            + first.replace("'", "''")
            + "'::regclass;\n"
            + "-- 3. in the contract phase:\n"
            + SafeSql.statement(context));
  }
}
