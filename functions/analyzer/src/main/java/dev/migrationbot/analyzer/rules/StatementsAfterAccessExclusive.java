package dev.migrationbot.analyzer.rules;

import dev.migrationbot.analyzer.Effect;
import dev.migrationbot.analyzer.EffectClaim;
import dev.migrationbot.analyzer.LockClaim;
import dev.migrationbot.analyzer.Phase;
import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.RuleInfo;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.StatementFacts;
import dev.migrationbot.analyzer.VersionRange;
import dev.migrationbot.analyzer.schema.Index;
import dev.migrationbot.analyzer.sql.Stmt;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Work done after an ACCESS EXCLUSIVE lock in the same transaction is time the locked table's
 * readers and writers wait. Statements that only change the catalog of relations the transaction
 * already holds in ACCESS EXCLUSIVE add nothing and are not reported.
 */
public final class StatementsAfterAccessExclusive implements Rule {

  static final RuleInfo INFO =
      new RuleInfo(
          "statements-after-access-exclusive",
          "MB501",
          Severity.WARNING,
          "More work in a transaction that already holds ACCESS EXCLUSIVE on an existing table.",
          "A lock is held until the transaction ends. Once a statement has taken ACCESS"
              + " EXCLUSIVE on a table, every read and write of that table waits until COMMIT,"
              + " so the duration of every later statement in the transaction becomes blocking"
              + " time: a scan, a rewrite, an index build, a data change, or a wait for another"
              + " table's lock behind some long transaction. Statements that only change the"
              + " catalog of tables already locked ACCESS EXCLUSIVE are instant and are not"
              + " reported. Commit right after the ACCESS EXCLUSIVE statement and run the rest"
              + " in transactions of their own.",
          "ALTER TABLE <table> ADD COLUMN <column> <type>;\n"
              + "COMMIT;  -- release ACCESS EXCLUSIVE at once\n"
              + "-- then, in a transaction (or migration file) of its own:\n"
              + "UPDATE <table> SET <column> = <value> WHERE <key> BETWEEN <from> AND <to>;",
          VersionRange.ALL);

  /** How many held tables a finding names. */
  private static final int NAMED = 3;

  /** Statements that run queries or code whose duration the analyzer cannot know. */
  private static final Set<String> OPEN_ENDED =
      Set.of("select", "values", "table", "do", "call", "execute", "explain", "copy-query");

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void check(StatementContext context) {
    StatementFacts facts = context.facts();
    if (!context.transaction().inBlock()
        || facts.transactionForbidden()
        || facts.claim() == StatementFacts.Claim.REFUSED) {
      return;
    }
    Map<QualifiedName, Integer> heldSince = context.accessExclusiveSince();
    Optional<StatementContext.Earlier> begin = context.openedBy();
    if (heldSince.isEmpty()) {
      return;
    }
    Optional<String> work = work(context, heldSince.keySet());
    if (work.isEmpty()) {
      return;
    }
    // name the tables, not their indexes, unless only indexes are held
    Map<QualifiedName, Integer> tables = new LinkedHashMap<>(heldSince);
    tables.keySet().removeIf(r -> context.schema().index(r).isPresent());
    if (tables.isEmpty()) {
      tables.putAll(heldSince);
    }
    // a long transaction may hold hundreds of tables: the first few say enough, and the
    // finding stays a sentence instead of growing with every statement
    int more = Math.max(0, tables.size() - NAMED);
    List<Map.Entry<QualifiedName, Integer>> named =
        tables.entrySet().stream().limit(NAMED).toList();
    List<String> lines =
        named.stream().map(Map.Entry::getValue).distinct().sorted().map(String::valueOf).toList();
    String where = (lines.size() == 1 && more == 0 ? "line " : "lines ") + listed(lines, more);
    String names = listed(named.stream().map(e -> e.getKey().name()).toList(), more);
    String held =
        listed(named.stream().map(e -> e.getKey() + " (line " + e.getValue() + ")").toList(), more);
    context.report(
        "This statement "
            + work.get()
            + " while the transaction holds ACCESS EXCLUSIVE on "
            + held
            + " until it commits: reads and writes of "
            + names
            + " wait for this statement too.",
        (begin.isPresent()
                ? "-- COMMIT right after "
                    + where
                    + ", so ACCESS EXCLUSIVE on "
                    + names
                    + " is released at once,\n-- and run this in a transaction of its own:\n"
                : "-- move it to a migration file of its own, so ACCESS EXCLUSIVE on "
                    + names
                    + " ("
                    + where
                    + ")\n-- is committed and released before it runs:\n")
            + SafeSql.statement(context));
  }

  /** The items as a list in prose, followed by how many more were left out. */
  private static String listed(List<String> items, int more) {
    return more == 0 ? SafeSql.list(items) : String.join(", ", items) + " and " + more + " more";
  }

  /** What the statement does that takes time, if anything. */
  private static Optional<String> work(StatementContext context, Set<QualifiedName> held) {
    StatementFacts facts = context.facts();
    for (LockClaim lock : facts.locks()) {
      if (!covered(context, held, lock.relation())) {
        return Optional.of(
            "needs "
                + lock.mode().displayName()
                + " on "
                + lock.relation()
                + ", which may wait behind other transactions,");
      }
    }
    for (EffectClaim effect : facts.effects()) {
      if (effect.effect() != Effect.METADATA_ONLY) {
        return Optional.of(verb(effect.effect()) + " " + effect.relation());
      }
    }
    boolean rowsListed = context.statement() instanceof Stmt.Insert insert && !insert.fromQuery();
    if (facts.phase().filter(p -> p == Phase.BACKFILL).isPresent() && !rowsListed) {
      return Optional.of("changes rows of " + SafeSql.list(relations(facts)));
    }
    Stmt stmt = context.statement();
    if (facts.claim() == StatementFacts.Claim.UNRECOGNIZED
        || (stmt instanceof Stmt.Harmless harmless && OPEN_ENDED.contains(harmless.kind()))) {
      return Optional.of("runs for as long as its query or code does");
    }
    return Optional.empty();
  }

  /** Whether the transaction already holds a lock that makes this one free of waits. */
  private static boolean covered(
      StatementContext context, Set<QualifiedName> held, QualifiedName relation) {
    return held.contains(relation)
        || context.schema().index(relation).map(Index::table).filter(held::contains).isPresent();
  }

  private static List<String> relations(StatementFacts facts) {
    return facts.locks().stream().map(l -> l.relation().toString()).toList();
  }

  private static String verb(Effect effect) {
    return switch (effect) {
      case SCAN -> "scans";
      case REWRITE -> "rewrites";
      case INDEX_BUILD -> "builds an index on";
      case METADATA_ONLY -> "changes the catalog of";
    };
  }
}
