package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.LockClaim;
import dev.migrationbot.analyzer.LockMode;
import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.sql.AlterAction;
import dev.migrationbot.analyzer.sql.Stmt;
import java.util.Optional;

/**
 * VALIDATE CONSTRAINT after a write-blocking lock on the same table in the same transaction: the
 * earlier lock is held through the whole validation scan, which NOT VALID was meant to avoid.
 */
public final class ValidatingInSameTransaction implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "validating-in-same-transaction",
          "MB203",
          Severity.ERROR,
          "VALIDATE CONSTRAINT in the same transaction as a lock that blocks writes on the table.",
          "VALIDATE CONSTRAINT itself takes only SHARE UPDATE EXCLUSIVE, so reads and writes go on"
              + " while it scans. But locks are held until the transaction ends: after ADD"
              + " CONSTRAINT ... NOT VALID (ACCESS EXCLUSIVE, or SHARE ROW EXCLUSIVE for a foreign"
              + " key) or any other statement that blocks writes to the table in the same"
              + " transaction, the scan runs under that stronger lock and reads or writes wait for"
              + " all of it, exactly what NOT VALID was meant to avoid. Commit first; with a"
              + " runner that wraps each file in a transaction, validate in the next file.",
          "ALTER TABLE <table> ADD CONSTRAINT <name> ... NOT VALID;\n"
              + "COMMIT;\n"
              + "-- a new transaction:\n"
              + "ALTER TABLE <table> VALIDATE CONSTRAINT <name>;",
          VersionRange.ALL);

  @Override
  public RuleInfo info() {
    return INFO;
  }

  /** An earlier statement of the transaction and the write-blocking lock it holds. */
  private record Holder(
      StatementContext.Earlier statement, QualifiedName relation, LockMode mode) {}

  @Override
  public void check(StatementContext context) {
    if (!context.transaction().inBlock()) {
      return;
    }
    RuleSupport.alterOfExistingTable(context)
        .ifPresent(
            alter -> {
              for (AlterAction.ValidateConstraint validate :
                  RuleSupport.actions(alter, AlterAction.ValidateConstraint.class)) {
                holder(context, alter.table(), validate.constraint())
                    .ifPresent(h -> report(context, alter, validate.constraint(), h));
              }
            });
  }

  /**
   * The earlier statement that added the constraint NOT VALID, else the first one holding a lock
   * that blocks writes on a relation the validation scans or locks (the referenced table too).
   */
  private static Optional<Holder> holder(
      StatementContext context, QualifiedName table, String constraint) {
    Holder first = null;
    for (StatementContext.Earlier earlier : context.earlierInTransaction()) {
      for (LockClaim held : earlier.facts().locks()) {
        boolean scanned = context.facts().lockOn(held.relation()).isPresent();
        if (!scanned || !held.mode().blocksWrites()) {
          continue;
        }
        Holder h = new Holder(earlier, held.relation(), held.mode());
        if (addsNotValid(earlier.statement(), table, constraint) && held.relation().equals(table)) {
          return Optional.of(h);
        }
        if (first == null) {
          first = h;
        }
      }
    }
    return Optional.ofNullable(first);
  }

  private static boolean addsNotValid(Stmt statement, QualifiedName table, String constraint) {
    return statement instanceof Stmt.AlterTable alter
        && alter.table().equals(table)
        && RuleSupport.actions(alter, AlterAction.AddConstraint.class).stream()
            .map(AlterAction.AddConstraint::constraint)
            .anyMatch(c -> c.notValid() && c.name().filter(constraint::equals).isPresent());
  }

  private static void report(
      StatementContext context, Stmt.AlterTable alter, String constraint, Holder h) {
    boolean addedHere = addsNotValid(h.statement().statement(), alter.table(), constraint);
    String blocked = h.mode().blocksReads() ? "reads and writes" : "writes";
    boolean explicit = context.openedBy().isPresent();
    context.report(
        "VALIDATE CONSTRAINT "
            + constraint
            + " runs in the same transaction as line "
            + h.statement().source().line()
            + (addedHere ? " (ADD CONSTRAINT " + constraint + " ... NOT VALID)" : "")
            + ", which holds "
            + h.mode().displayName()
            + " on "
            + h.relation()
            + context.sizeNote(h.relation())
            + " until COMMIT: "
            + blocked
            + " wait for the whole validation scan.",
        (explicit
                ? "COMMIT;\n-- then, in a transaction of its own:\n"
                : "-- in a separate migration file (the runner wraps each file in one"
                    + " transaction):\n")
            + context.source().text()
            + ";");
  }
}
