package dev.migrationbot.analyzer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.analyzer.AnalysisContext;
import dev.migrationbot.analyzer.Analyzer;
import dev.migrationbot.analyzer.Finding;
import dev.migrationbot.analyzer.MigrationFile;
import dev.migrationbot.analyzer.TransactionMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rules under forms their fixtures cannot show, since a fixture has one transaction mode and one
 * schema: explicit transactions, other runner modes, an index of a partitioned table.
 */
class RuleFormsTest {

  private static List<Finding> findings(String rule, TransactionMode mode, String sql) {
    return findings(rule, mode, "", sql);
  }

  /** The rule's findings on the migration, over its fixture schema and {@code schema}. */
  private static List<Finding> findings(
      String rule, TransactionMode mode, String schema, String sql) {
    List<MigrationFile> schemaFiles = new ArrayList<>(RuleFixture.of(rule).schema());
    schemaFiles.add(new MigrationFile("schema.sql", schema));
    AnalysisContext context =
        AnalysisContext.of(16).withTransactionMode(mode).withSchemaFiles(schemaFiles);
    return new Analyzer()
        .analyze(List.of(new MigrationFile("m.sql", sql)), context).findings().stream()
            .filter(f -> f.ruleId().equals(rule))
            .toList();
  }

  @Test
  void concurrentlyInsideAnExplicitTransactionNamesItsBegin() {
    List<Finding> found =
        findings(
            "concurrently-in-transaction",
            TransactionMode.NONE,
            """
            BEGIN;
            CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);
            COMMIT;
            CREATE INDEX CONCURRENTLY orders_placed_at_idx ON orders (placed_at);
            """);
    assertThat(found).singleElement().satisfies(f -> assertThat(f.position().line()).isEqualTo(2));
    assertThat(found.get(0).message()).contains("opened by BEGIN at line 1");
    assertThat(found.get(0).safeAlternative())
        .startsWith("-- after the COMMIT of the transaction opened at line 1");
  }

  @Test
  void concurrentlyFollowsTheRunnersMode() {
    String sql = "DROP INDEX CONCURRENTLY orders_account_id_idx;";
    assertThat(findings("concurrently-in-transaction", TransactionMode.NONE, sql)).isEmpty();
    assertThat(findings("concurrently-in-transaction", TransactionMode.PER_STATEMENT, sql))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("the migration runner wraps around it"));
  }

  @Test
  void workAfterAccessExclusiveEndsWithTheTransaction() {
    List<Finding> found =
        findings(
            "statements-after-access-exclusive",
            TransactionMode.NONE,
            """
            BEGIN;
            ALTER TABLE accounts ADD COLUMN nickname text;
            ALTER TABLE accounts ALTER COLUMN nickname SET DEFAULT '';
            SELECT count(*) FROM accounts;
            COMMIT;
            UPDATE accounts SET nickname = name WHERE id < 1000;
            """);
    assertThat(found).singleElement().satisfies(f -> assertThat(f.position().line()).isEqualTo(4));
    assertThat(found.get(0).message())
        .startsWith("This statement runs for as long as its query or code does")
        .contains("public.accounts (line 2)");
    assertThat(found.get(0).safeAlternative()).startsWith("-- COMMIT right after line 2");
  }

  @Test
  void anIndexOfAPartitionedTableHasNoConcurrentDrop() {
    List<Finding> found =
        findings(
            "dropping-index-without-concurrently",
            TransactionMode.PER_FILE,
            "CREATE INDEX events_kind_idx ON events (kind);",
            "DROP INDEX events_kind_idx;");
    assertThat(found).singleElement();
    assertThat(found.get(0).safeAlternative())
        .contains("SET lock_timeout = '2s';\nDROP INDEX events_kind_idx;")
        .doesNotContain("CONCURRENTLY");
  }

  @Test
  void onlyTheBeginThatOpensAnUnendedTransactionIsReported() {
    String rule = "unterminated-transaction";
    assertThat(
            findings(
                rule,
                TransactionMode.PER_FILE,
                """
                BEGIN;
                SAVEPOINT before_column;
                ALTER TABLE accounts ADD COLUMN nickname text;
                ROLLBACK TO SAVEPOINT before_column;
                """))
        .singleElement()
        .satisfies(f -> assertThat(f.position().line()).isEqualTo(1));
    assertThat(findings(rule, TransactionMode.PER_FILE, "BEGIN;\nBEGIN;\nCOMMIT;\n")).isEmpty();
  }

  @Test
  void aTransactionHoldingManyTablesNamesTheFirstFewAndCountsTheRest() {
    StringBuilder sql = new StringBuilder("BEGIN;\n");
    for (int i = 1; i <= 5; i++) {
      sql.append("CREATE TABLE t").append(i).append(" (id bigint);\n");
      sql.append("ALTER TABLE t").append(i).append(" ADD COLUMN note text;\n");
    }
    sql.append("UPDATE orders SET note = 'x';\nCOMMIT;\n");
    List<Finding> found =
        findings(
            "statements-after-access-exclusive",
            TransactionMode.NONE,
            "CREATE TABLE t1 (id bigint); CREATE TABLE t2 (id bigint); CREATE TABLE t3 (id bigint);"
                + " CREATE TABLE t4 (id bigint); CREATE TABLE t5 (id bigint);",
            sql.toString().replace("CREATE TABLE", "-- CREATE TABLE"));
    assertThat(found).isNotEmpty();
    Finding last = found.get(found.size() - 1);
    assertThat(last.message())
        .contains(
            "ACCESS EXCLUSIVE on public.t1 (line 3), public.t2 (line 5), public.t3 (line 7) and 2 more until")
        .contains("reads and writes of t1, t2, t3 and 2 more wait");
    assertThat(last.safeAlternative())
        .startsWith("-- COMMIT right after lines 3, 5, 7 and 2 more,");
  }
}
