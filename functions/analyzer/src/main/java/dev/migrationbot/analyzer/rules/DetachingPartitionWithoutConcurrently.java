package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.sql.AlterAction;

/** A plain DETACH PARTITION locks the whole partitioned table, reads included. */
public final class DetachingPartitionWithoutConcurrently implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "detaching-partition-without-concurrently",
          "MB401",
          Severity.ERROR,
          "DETACH PARTITION without CONCURRENTLY.",
          "A plain DETACH PARTITION takes ACCESS EXCLUSIVE on the partitioned table: every read"
              + " and write of every partition waits, and queues behind it while it waits for"
              + " the transactions already using the table. Since PostgreSQL 14, DETACH"
              + " PARTITION ... CONCURRENTLY holds only SHARE UPDATE EXCLUSIVE on the parent: it"
              + " marks the partition as detaching, waits for the queries that may still see it,"
              + " and locks only the partition itself at the end.",
          "-- outside a transaction block; not possible while the table has a DEFAULT partition\n"
              + "ALTER TABLE <parent> DETACH PARTITION <partition> CONCURRENTLY;\n"
              + "-- if it is interrupted, complete it with:\n"
              + "-- ALTER TABLE <parent> DETACH PARTITION <partition> FINALIZE;",
          VersionRange.from(14));

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    RuleSupport.alterOfExistingTable(context)
        .ifPresent(
            alter -> {
              for (AlterAction.DetachPartition detach :
                  RuleSupport.actions(alter, AlterAction.DetachPartition.class)) {
                if (detach.concurrently() || detach.finalizing()) {
                  continue;
                }
                String table = (alter.ifExists() ? "IF EXISTS " : "") + alter.table().sql();
                String partition = detach.partition().sql();
                context.report(
                    "DETACH PARTITION "
                        + detach.partition().name()
                        + " takes ACCESS EXCLUSIVE on "
                        + alter.table()
                        + context.sizeNote(alter.table())
                        + ": reads and writes of every partition wait, and queue behind it while"
                        + " it waits for the transactions already using the table.",
                    "-- outside a transaction block; not possible while "
                        + alter.table().name()
                        + " has a DEFAULT partition\n"
                        + "ALTER TABLE "
                        + table
                        + " DETACH PARTITION "
                        + partition
                        + " CONCURRENTLY;\n-- if it is interrupted, complete it with:\n"
                        + "-- ALTER TABLE "
                        + alter.table().sql()
                        + " DETACH PARTITION "
                        + partition
                        + " FINALIZE;");
              }
            });
  }
}
