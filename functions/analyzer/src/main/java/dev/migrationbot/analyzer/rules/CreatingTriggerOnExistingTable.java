package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.LockClaim;
import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.sql.AlterAction;
import dev.migrationbot.analyzer.sql.Stmt;
import java.util.List;

/** Creating, enabling or disabling a trigger blocks writes while it waits and is held. */
public final class CreatingTriggerOnExistingTable implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "creating-trigger-on-existing-table",
          "MB408",
          Severity.WARNING,
          "CREATE TRIGGER, ENABLE TRIGGER or DISABLE TRIGGER on an existing table.",
          "CREATE TRIGGER and ALTER TABLE ... ENABLE/DISABLE TRIGGER take SHARE ROW EXCLUSIVE on"
              + " the table (and on every partition, for a row-level trigger on a partitioned"
              + " table). The change itself is instant, but the lock conflicts with the ROW"
              + " EXCLUSIVE of every INSERT, UPDATE and DELETE: writes wait while it waits for"
              + " the transactions already writing, and until the migration's transaction"
              + " commits. From then on every write of the table runs the trigger, or stops"
              + " running it. Set a short lock_timeout so the statement gives up instead of"
              + " holding writes in the queue, retry it, and keep its transaction short.",
          "SET lock_timeout = '2s';  -- give up instead of queueing writes; retry later\n"
              + "CREATE TRIGGER <name> AFTER INSERT OR UPDATE ON <table>\n"
              + "  FOR EACH ROW EXECUTE FUNCTION <function>();",
          VersionRange.ALL);

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    if (context.statement() instanceof Stmt.CreateTrigger trigger) {
      if (!context.isNew(trigger.table())) {
        report(
            context,
            "CREATE TRIGGER " + trigger.name(),
            trigger.table(),
            "every later write of the table runs the trigger");
      }
      return;
    }
    RuleSupport.alterOfExistingTable(context)
        .ifPresent(
            alter -> {
              List<AlterAction.SetTriggerState> changes =
                  RuleSupport.actions(alter, AlterAction.SetTriggerState.class);
              if (changes.isEmpty()) {
                return;
              }
              AlterAction.SetTriggerState change = changes.get(0);
              report(
                  context,
                  (change.enable() ? "ENABLE TRIGGER " : "DISABLE TRIGGER ") + change.trigger(),
                  alter.table(),
                  change.enable()
                      ? "every later write of the table runs the trigger again"
                      : "later writes of the table skip the trigger, so whatever it keeps in"
                          + " step falls behind");
            });
  }

  private static void report(
      StatementContext context, String what, QualifiedName table, String consequence) {
    List<String> partitions =
        context.facts().locks().stream()
            .map(LockClaim::relation)
            .filter(r -> !r.equals(table))
            .map(QualifiedName::name)
            .toList();
    boolean timeoutSet = context.setting("lock_timeout").filter(v -> !isZero(v)).isPresent();
    context.report(
        what
            + " takes SHARE ROW EXCLUSIVE on "
            + table
            + context.sizeNote(table)
            + (partitions.isEmpty() ? "" : " and its partitions " + SafeSql.list(partitions))
            + ": INSERT, UPDATE and DELETE wait while it waits for the lock and until the"
            + " transaction commits"
            + (timeoutSet ? "" : " (no lock_timeout is set, so the wait has no bound)")
            + "; "
            + consequence
            + ".",
        (timeoutSet
                ? ""
                : (context.transaction().inBlock() ? "SET LOCAL" : "SET")
                    + " lock_timeout = '2s';  -- give up instead of queueing writes; retry\n")
            + SafeSql.statement(context));
  }

  private static boolean isZero(String value) {
    return value.replace("'", "").trim().matches("0+(ms|s|min)?");
  }
}
