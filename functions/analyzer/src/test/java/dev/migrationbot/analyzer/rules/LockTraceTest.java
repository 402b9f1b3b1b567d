package dev.migrationbot.analyzer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.analyzer.Analysis;
import dev.migrationbot.analyzer.AnalysisContext;
import dev.migrationbot.analyzer.AnalyzedStatement;
import dev.migrationbot.analyzer.Analyzer;
import dev.migrationbot.analyzer.Effect;
import dev.migrationbot.analyzer.EffectClaim;
import dev.migrationbot.analyzer.LockClaim;
import dev.migrationbot.analyzer.LockMode;
import dev.migrationbot.analyzer.MigrationFile;
import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.analyzer.StatementFacts;
import dev.migrationbot.analyzer.sql.SourceStatement;
import dev.migrationbot.analyzer.sql.Stmt;
import dev.migrationbot.testing.PostgresTest;
import dev.migrationbot.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The analyzer's lock and rewrite claims, checked against real PostgreSQL: every statement of every
 * rule fixture runs in its own transaction on the embedded server, and the locks its backend holds
 * afterwards ({@code pg_locks}) and the tables whose {@code relfilenode} changed must equal what
 * the analyzer predicted for the server's major. Statements PostgreSQL refuses inside a transaction
 * block run in autocommit and are checked against the manual instead ({@link #DOCUMENTED});
 * statements the analyzer says PostgreSQL rejects outright must fail.
 */
@PostgresTest
class LockTraceTest {

  /**
   * The lock modes of statements that cannot be traced inside a transaction, as the manual and the
   * server state them, by form:
   *
   * <ul>
   *   <li>CREATE INDEX CONCURRENTLY: SHARE UPDATE EXCLUSIVE on the table (CREATE INDEX, "Building
   *       Indexes Concurrently");
   *   <li>DROP INDEX CONCURRENTLY: SHARE UPDATE EXCLUSIVE on the table, and ACCESS EXCLUSIVE on the
   *       index once no transaction can still use it (index.c {@code index_drop});
   *   <li>REINDEX ... CONCURRENTLY: SHARE UPDATE EXCLUSIVE on the table and its indexes (REINDEX,
   *       "Rebuilding Indexes Concurrently");
   *   <li>ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY: SHARE UPDATE EXCLUSIVE on the parent
   *       and the partition, then ACCESS EXCLUSIVE on the partition in the second transaction
   *       (ALTER TABLE, "DETACH PARTITION");
   *   <li>VACUUM: SHARE UPDATE EXCLUSIVE; VACUUM FULL: ACCESS EXCLUSIVE ("Explicit Locking").
   * </ul>
   */
  private static final Map<String, Set<LockMode>> DOCUMENTED =
      Map.of(
          "create-index", Set.of(LockMode.SHARE_UPDATE_EXCLUSIVE),
          "drop-index", Set.of(LockMode.SHARE_UPDATE_EXCLUSIVE, LockMode.ACCESS_EXCLUSIVE),
          "reindex", Set.of(LockMode.SHARE_UPDATE_EXCLUSIVE),
          "alter-table", Set.of(LockMode.SHARE_UPDATE_EXCLUSIVE, LockMode.ACCESS_EXCLUSIVE),
          "vacuum", Set.of(LockMode.SHARE_UPDATE_EXCLUSIVE),
          "vacuum full", Set.of(LockMode.ACCESS_EXCLUSIVE));

  private static final AtomicInteger TRACED = new AtomicInteger();
  private static final AtomicInteger DOCUMENTED_ONLY = new AtomicInteger();
  private static final AtomicInteger REFUSED = new AtomicInteger();
  private static final AtomicInteger FIXTURES = new AtomicInteger();
  private static int major;

  static Stream<Arguments> fixtures() {
    return RuleCatalog.ALL.stream()
        .map(r -> r.info().id())
        .flatMap(id -> Stream.of(Arguments.of(id, "bad"), Arguments.of(id, "good")));
  }

  @ParameterizedTest(name = "{0}/{1}.sql")
  @MethodSource("fixtures")
  void claimsMatchWhatPostgresDoes(String ruleId, String which, TestDatabase db) throws Exception {
    major = db.major();
    RuleFixture fixture = RuleFixture.of(ruleId);
    Path file = fixture.folder().resolve(which + ".sql");
    AnalysisContext declared = fixture.context(file);
    if (fixture.declaredMajor(file).orElse(db.major()) > db.major()) {
      return; // the fixture uses syntax this server does not have
    }
    try (Connection c = db.connect()) {
      for (MigrationFile schema : fixture.schema()) {
        try (Statement s = c.createStatement()) {
          s.execute(schema.content());
        }
      }
      Analysis analysis =
          new Analyzer()
              .analyze(
                  List.of(RuleFixture.read(file)),
                  AnalysisContext.of(db.major())
                      .withTransactionMode(declared.transactionMode())
                      .withSchemaFiles(fixture.schema()));
      Set<Long> existing = relations(c).keySet();
      List<String> mismatches = new ArrayList<>();
      for (AnalyzedStatement statement : analysis.files().get(0).statements()) {
        trace(c, statement, existing).ifPresent(mismatches::add);
      }
      FIXTURES.incrementAndGet();
      assertThat(mismatches)
          .as("%s/%s.sql on PostgreSQL %s", ruleId, which, db.serverVersion())
          .isEmpty();
    }
  }

  @AfterAll
  static void printSummary() {
    System.out.printf(
        "lock trace on PostgreSQL %d: %d fixtures, %d statements traced in pg_locks/relfilenode,"
            + " %d checked against the manual, %d refused as predicted%n",
        major, FIXTURES.get(), TRACED.get(), DOCUMENTED_ONLY.get(), REFUSED.get());
  }

  /**
   * @param existing the relations that existed before the migration: the analyzer claims nothing
   *     about the ones the migration creates, since nobody can be using them yet
   */
  private static java.util.Optional<String> trace(
      Connection c, AnalyzedStatement statement, Set<Long> existing) throws SQLException {
    SourceStatement source = statement.source();
    if (statement.statement().isEmpty()
        || statement.statement().get() instanceof Stmt.TransactionControl
        || statement.statement().get() instanceof Stmt.PsqlMeta) {
      return java.util.Optional.empty();
    }
    StatementFacts facts = statement.facts();
    String where = "line " + source.line() + " (" + firstLine(source.text()) + ")";
    if (facts.claim() == StatementFacts.Claim.REFUSED) {
      return refused(c, source, where);
    }
    if (facts.transactionForbidden()) {
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute(source.text());
      }
      DOCUMENTED_ONLY.incrementAndGet();
      Stmt stmt = statement.statement().get();
      String form =
          stmt instanceof Stmt.Vacuum vacuum && vacuum.full() ? "vacuum full" : stmt.kind();
      Set<LockMode> claimed =
          facts.locks().stream().map(LockClaim::mode).collect(Collectors.toSet());
      Set<LockMode> documented = DOCUMENTED.get(form);
      if (claimed.isEmpty()) {
        return java.util.Optional.empty(); // no relation named: nothing to compare
      }
      if (documented == null) {
        return java.util.Optional.of(where + ": no documented locks for " + form + " to check");
      }
      if (!claimed.equals(documented)) {
        return java.util.Optional.of(
            where + ": claims " + claimed + ", the manual says " + documented);
      }
      return java.util.Optional.empty();
    }
    c.setAutoCommit(false);
    try {
      Map<Long, Relation> before = relations(c);
      before.keySet().retainAll(existing);
      try (Statement s = c.createStatement()) {
        s.execute(source.text());
      }
      Map<QualifiedName, LockMode> measured = locks(c, before);
      Map<Long, Relation> after = relations(c);
      Set<QualifiedName> rewritten =
          new TreeSet<>(java.util.Comparator.comparing(QualifiedName::toString));
      before.forEach(
          (oid, r) -> {
            Relation now = after.get(oid);
            boolean hasStorage = r.kind().equals("r") || r.kind().equals("m");
            if (hasStorage && now != null && now.filenode() != r.filenode()) {
              rewritten.add(r.name());
            }
          });
      c.commit();
      TRACED.incrementAndGet();
      return compare(where, facts, before, measured, rewritten);
    } catch (SQLException e) {
      c.rollback();
      return java.util.Optional.of(where + ": PostgreSQL refused it: " + e.getMessage());
    } finally {
      c.setAutoCommit(true);
    }
  }

  /**
   * A statement the analyzer says PostgreSQL rejects must fail. It runs in autocommit, so that a
   * form that is also refused inside a transaction block fails for the predicted reason.
   */
  private static java.util.Optional<String> refused(
      Connection c, SourceStatement source, String where) {
    try (Statement s = c.createStatement()) {
      c.setAutoCommit(true);
      s.execute(source.text());
      return java.util.Optional.of(where + ": claimed to be refused, but PostgreSQL ran it");
    } catch (SQLException expected) {
      REFUSED.incrementAndGet();
      return java.util.Optional.empty();
    }
  }

  private static java.util.Optional<String> compare(
      String where,
      StatementFacts facts,
      Map<Long, Relation> before,
      Map<QualifiedName, LockMode> measured,
      Set<QualifiedName> rewritten) {
    Map<QualifiedName, LockMode> claimed =
        new TreeMap<>(java.util.Comparator.comparing(QualifiedName::toString));
    for (LockClaim claim : facts.locks()) {
      claimed.put(claim.relation(), claim.mode());
    }
    Set<QualifiedName> indexes =
        before.values().stream()
            .filter(r -> r.kind().equals("i"))
            .map(Relation::name)
            .collect(Collectors.toSet());
    Map<QualifiedName, LockMode> comparable =
        new TreeMap<>(java.util.Comparator.comparing(QualifiedName::toString));
    measured.forEach(
        (relation, mode) -> {
          if (!indexes.contains(relation) || claimed.containsKey(relation)) {
            comparable.put(relation, mode);
          }
        });
    Set<QualifiedName> claimedRewrites =
        facts.effects().stream()
            .filter(e -> e.effect() == Effect.REWRITE)
            .map(EffectClaim::relation)
            .filter(
                r ->
                    before.values().stream()
                        .anyMatch(
                            b ->
                                b.name().equals(r)
                                    && (b.kind().equals("r") || b.kind().equals("m"))))
            .collect(
                Collectors.toCollection(
                    () -> new TreeSet<>(java.util.Comparator.comparing(QualifiedName::toString))));
    List<String> problems = new ArrayList<>();
    if (!comparable.equals(claimed)) {
      problems.add("locks claimed " + claimed + ", measured " + comparable);
    }
    if (!claimedRewrites.equals(rewritten)) {
      problems.add("rewrites claimed " + claimedRewrites + ", measured " + rewritten);
    }
    return problems.isEmpty()
        ? java.util.Optional.empty()
        : java.util.Optional.of(where + ": " + String.join("; ", problems));
  }

  private record Relation(QualifiedName name, String kind, long filenode) {}

  private static Map<Long, Relation> relations(Connection c) throws SQLException {
    Map<Long, Relation> relations = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relfilenode FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
                    + " AND c.relkind IN ('r', 'p', 'm', 'f', 'v', 'i', 'I')")) {
      while (rs.next()) {
        String kind = rs.getString(4).equals("I") ? "i" : rs.getString(4);
        relations.put(
            rs.getLong(1),
            new Relation(QualifiedName.of(rs.getString(2), rs.getString(3)), kind, rs.getLong(5)));
      }
    }
    return relations;
  }

  /** The strongest relation lock this backend holds on each relation that existed before. */
  private static Map<QualifiedName, LockMode> locks(Connection c, Map<Long, Relation> before)
      throws SQLException {
    Map<QualifiedName, LockMode> held = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT relation, mode FROM pg_locks WHERE locktype = 'relation'"
                    + " AND pid = pg_backend_pid() AND granted")) {
      while (rs.next()) {
        Relation r = before.get(rs.getLong(1));
        if (r != null) {
          held.merge(r.name(), LockMode.parse(rs.getString(2)), LockMode::max);
        }
      }
    }
    return held;
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline) + " ...";
  }
}
