package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.LockMode;
import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.sql.Stmt;
import java.util.List;

/** An explicit LOCK TABLE in a mode that blocks the application, held until COMMIT. */
public final class LockingTable implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "locking-table",
          "MB407",
          Severity.WARNING,
          "LOCK TABLE in a mode that blocks reads or writes.",
          "LOCK TABLE holds its lock until the transaction ends. ACCESS EXCLUSIVE (the default"
              + " mode) blocks reads and writes; SHARE, SHARE ROW EXCLUSIVE and EXCLUSIVE block"
              + " writes. While it waits for the transactions already using the table, every"
              + " later query that conflicts with it queues behind it, and once granted,"
              + " everything the transaction does after it is time the application waits. Let"
              + " each statement take the lock it needs, or, to keep other migrations out, use a"
              + " mode that reads and writes pass.",
          "-- keeps other schema changes and VACUUM out; reads and writes go on:\n"
              + "LOCK TABLE <table> IN SHARE UPDATE EXCLUSIVE MODE;",
          VersionRange.ALL);

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    if (!(context.statement() instanceof Stmt.LockTable lock) || !lock.mode().blocksWrites()) {
      return;
    }
    List<QualifiedName> tables = lock.tables().stream().filter(t -> !context.isNew(t)).toList();
    if (tables.isEmpty()) {
      return;
    }
    LockMode mode = lock.mode();
    int in = SafeSql.topLevelWord(context.source(), "in");
    int end = in >= 0 ? in : SafeSql.topLevelWord(context.source(), "nowait");
    String target = end < 0 ? context.source().text() : SafeSql.before(context.source(), end);
    context.report(
        "LOCK TABLE takes "
            + mode.displayName()
            + " on "
            + SafeSql.list(tables.stream().map(t -> t + context.sizeNote(t)).toList())
            + " and holds it until the transaction ends: "
            + RuleSupport.blocked(mode)
            + " wait"
            + (lock.nowait()
                ? " (NOWAIT fails at once instead of queueing, but not once it is granted)."
                : ", and queue behind it while it waits for the lock."),
        "-- let each statement take the lock it needs; to keep other schema changes out\n"
            + "-- while reads and writes go on:\n"
            + target
            + " IN SHARE UPDATE EXCLUSIVE MODE"
            + (lock.nowait() ? " NOWAIT" : "")
            + ";");
  }
}
