package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.sql.Stmt;
import java.util.List;

/** VACUUM FULL and CLUSTER rewrite the whole table while holding ACCESS EXCLUSIVE. */
public final class RewritingMaintenance implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "rewriting-maintenance",
          "MB405",
          Severity.ERROR,
          "VACUUM FULL or CLUSTER.",
          "VACUUM FULL and CLUSTER write a new copy of the table and rebuild every index while"
              + " holding ACCESS EXCLUSIVE: every read and write of the table waits for the whole"
              + " rewrite, which on a large table takes minutes to hours, and the disk needs room"
              + " for a second copy. pg_repack does the same rewrite online, holding ACCESS"
              + " EXCLUSIVE only for a moment at the start and the end; plain VACUUM makes dead"
              + " space reusable without a rewrite and without blocking reads or writes.",
          "-- rewrite online with pg_repack (an extension and a client program):\n"
              + "--   pg_repack --table=<table> --dbname=<database>\n"
              + "-- or make dead space reusable without a rewrite:\n"
              + "VACUUM (ANALYZE) <table>;",
          VersionRange.ALL);

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    if (context.statement() instanceof Stmt.Vacuum vacuum && vacuum.full()) {
      List<QualifiedName> tables = vacuum.tables().stream().filter(t -> !context.isNew(t)).toList();
      if (tables.isEmpty() && !vacuum.tables().isEmpty()) {
        return;
      }
      String what = tables.isEmpty() ? "every table of the database" : described(context, tables);
      StringBuilder alternative =
          new StringBuilder(
              "-- rewrite online with pg_repack (an extension and a client program):");
      for (QualifiedName t : tables) {
        alternative.append("\n--   pg_repack --table=").append(t).append(" --dbname=<database>");
      }
      if (tables.isEmpty()) {
        alternative.append("\n--   pg_repack --all");
      }
      alternative
          .append("\n-- or make dead space reusable without a rewrite:\nVACUUM (ANALYZE)")
          .append(tables.isEmpty() ? "" : " ")
          .append(String.join(", ", tables.stream().map(QualifiedName::sql).toList()))
          .append(';');
      context.report(
          "VACUUM FULL rewrites "
              + what
              + (tables.size() == 1 ? " and its indexes" : " and their indexes")
              + " under ACCESS EXCLUSIVE: reads and writes wait for the whole"
              + " rewrite, and the disk needs room for a second copy.",
          alternative.toString());
    } else if (context.statement() instanceof Stmt.Cluster cluster) {
      if (cluster.table().map(context::isNew).orElse(false)) {
        return;
      }
      String what =
          cluster.table().map(t -> described(context, List.of(t))).orElse("every clustered table");
      String table = cluster.table().map(QualifiedName::toString).orElse("<table>");
      int using = SafeSql.topLevelWord(context.source(), "using");
      String clusterOn =
          cluster.table().isPresent() && using >= 0
              ? "ALTER TABLE "
                  + cluster.table().get().sql()
                  + " CLUSTER ON "
                  + SafeSql.from(context.source(), using + 1)
                  + ";\n"
              : "";
      context.report(
          "CLUSTER rewrites "
              + what
              + " in index order and rebuilds its indexes under ACCESS EXCLUSIVE: reads and"
              + " writes wait for the whole rewrite, and the disk needs room for a second copy.",
          "-- pg_repack rewrites online, in the order of the table's clustered index:\n"
              + clusterOn
              + "--   pg_repack --table="
              + table
              + " --dbname=<database>");
    }
  }

  private static String described(StatementContext context, List<QualifiedName> tables) {
    return SafeSql.list(tables.stream().map(t -> t + context.sizeNote(t)).toList());
  }
}
