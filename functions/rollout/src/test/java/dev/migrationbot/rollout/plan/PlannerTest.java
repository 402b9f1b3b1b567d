package dev.migrationbot.rollout.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.analyzer.AnalysisContext;
import dev.migrationbot.analyzer.Analyzer;
import dev.migrationbot.analyzer.MigrationFile;
import dev.migrationbot.analyzer.Phase;
import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.rollout.report.PlanMarkdown;
import dev.migrationbot.testing.Snapshots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PlannerTest {

  private static final String SCHEMA =
      """
      CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, name text);
      CREATE TABLE orders (
        id bigint PRIMARY KEY, account_id bigint NOT NULL, amount integer NOT NULL,
        shipped_at timestamptz, legacy text, note varchar(20));
      CREATE INDEX orders_legacy_idx ON orders (legacy);
      """;

  private static RolloutPlan plan(String sql) {
    return plan(sql, 16);
  }

  private static RolloutPlan plan(String sql, int pg) {
    return new Planner(PlannerOptions.DEFAULTS)
        .plan(
            new Analyzer()
                .analyze(
                    List.of(new MigrationFile("V2__m.sql", sql)),
                    AnalysisContext.of(pg)
                        .withSchemaFiles(List.of(new MigrationFile("schema.sql", SCHEMA)))));
  }

  private static List<String> sql(PlanStep step) {
    return ((StepAction.Ddl) step.action()).statements();
  }

  private static final QualifiedName ORDERS = QualifiedName.unqualified("orders");

  @Test
  void addBackfillAndNotNullBecomeExpandBackfillContract() {
    RolloutPlan plan =
        plan(
            """
            ALTER TABLE orders ADD COLUMN status text;
            UPDATE orders SET status = CASE WHEN shipped_at IS NULL THEN 'placed' ELSE 'shipped' END;
            ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
            """);
    assertThat(plan.refusals()).isEmpty();
    assertThat(plan.steps())
        .extracting(PlanStep::id)
        .containsExactly("expand-1", "backfill-1", "contract-1", "contract-2", "contract-3");
    PlanStep add = plan.steps().get(0);
    assertThat(sql(add)).containsExactly("ALTER TABLE orders ADD COLUMN status text");
    assertThat(((StepAction.Ddl) add.action()).applied())
        .contains(new AppliedCheck.ColumnExists(ORDERS, "status", "text"));
    PlanStep backfill = plan.steps().get(1);
    assertThat(backfill.gate()).isEqualTo(Gate.DEPLOY_SEEN);
    BackfillSpec spec = ((StepAction.Backfill) backfill.action()).spec();
    assertThat(spec.mode()).isEqualTo(BackfillSpec.Mode.FILL_NULLS);
    assertThat(spec.assignments())
        .containsExactly(
            new BackfillSpec.Assignment(
                "status", "CASE WHEN shipped_at IS NULL THEN 'placed' ELSE 'shipped' END"));
    assertThat(spec.condition()).isEmpty();
    PlanStep check = plan.steps().get(2);
    assertThat(check.gate()).isEqualTo(Gate.BACKFILL_DONE);
    assertThat(sql(check))
        .containsExactly(
            "ALTER TABLE orders ADD CONSTRAINT orders_status_not_null CHECK (status IS NOT NULL) NOT VALID");
    StepAction.Validate validate = (StepAction.Validate) plan.steps().get(3).action();
    assertThat(validate.constraint()).isEqualTo("orders_status_not_null");
    assertThat(validate.sweep()).contains(spec);
    assertThat(plan.steps().get(3).retry().statementTimeout()).isZero();
    assertThat(sql(plan.steps().get(4)))
        .containsExactly(
            "ALTER TABLE orders ALTER COLUMN status SET NOT NULL",
            "ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_status_not_null");
    assertThat(plan.contractNeedsApproval()).isFalse();
  }

  @Test
  void postgres18UsesNotNullNotValid() {
    RolloutPlan plan =
        plan(
            """
            ALTER TABLE orders ADD COLUMN status text;
            UPDATE orders SET status = 'placed';
            ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
            """,
            18);
    assertThat(plan.phase(Phase.CONTRACT)).hasSize(2);
    assertThat(sql(plan.phase(Phase.CONTRACT).get(0)))
        .containsExactly(
            "ALTER TABLE orders ADD CONSTRAINT orders_status_not_null NOT NULL status NOT VALID");
    assertThat(plan.phase(Phase.CONTRACT).get(1).action()).isInstanceOf(StepAction.Validate.class);
  }

  @Test
  void volatileDefaultIsAddedThenSetThenBackfilled() {
    RolloutPlan plan =
        plan("ALTER TABLE accounts ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();");
    PlanStep expand = plan.phase(Phase.EXPAND).get(0);
    assertThat(sql(expand))
        .containsExactly(
            "ALTER TABLE accounts ADD COLUMN token uuid",
            "ALTER TABLE accounts ALTER COLUMN token SET DEFAULT gen_random_uuid()");
    assertThat(((StepAction.Ddl) expand.action()).transactional()).isTrue();
    assertThat(expand.source().originalSql())
        .contains("ALTER TABLE accounts ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid()");
    BackfillSpec spec = ((StepAction.Backfill) plan.phase(Phase.BACKFILL).get(0).action()).spec();
    assertThat(spec.assignments())
        .containsExactly(new BackfillSpec.Assignment("token", "gen_random_uuid()"));
    assertThat(plan.phase(Phase.CONTRACT)).hasSize(3);
  }

  @Test
  void constantDefaultStaysOneInstantStep() {
    RolloutPlan plan = plan("ALTER TABLE accounts ADD COLUMN plan text NOT NULL DEFAULT 'free';");
    assertThat(plan.steps()).hasSize(1);
    assertThat(sql(plan.steps().get(0)))
        .containsExactly("ALTER TABLE accounts ADD COLUMN plan text DEFAULT 'free' NOT NULL");
  }

  @Test
  void indexesAreBuiltConcurrentlyOutsideATransaction() {
    RolloutPlan plan = plan("CREATE INDEX ON orders (shipped_at) WHERE shipped_at IS NOT NULL;");
    PlanStep step = plan.steps().get(0);
    StepAction.Ddl ddl = (StepAction.Ddl) step.action();
    assertThat(ddl.transactional()).isFalse();
    assertThat(ddl.statements())
        .containsExactly(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_shipped_at_idx ON orders (shipped_at) WHERE shipped_at IS NOT NULL");
    assertThat(ddl.applied())
        .contains(new AppliedCheck.IndexValid(ORDERS.sibling("orders_shipped_at_idx")));
  }

  @Test
  void indexOnABackfilledColumnWaitsForTheBackfill() {
    RolloutPlan plan =
        plan(
            """
            ALTER TABLE orders ADD COLUMN status text;
            UPDATE orders SET status = 'placed';
            CREATE INDEX orders_status_idx ON orders (status);
            """);
    assertThat(plan.phase(Phase.CONTRACT)).hasSize(1);
    assertThat(plan.phase(Phase.CONTRACT).get(0).description()).contains("after the backfill");
  }

  @Test
  void foreignKeysAndChecksAreAddedNotValidAndValidatedLater() {
    RolloutPlan plan =
        plan(
            """
            ALTER TABLE orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE;
            ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0);
            """);
    assertThat(sql(plan.phase(Phase.EXPAND).get(0)))
        .containsExactly(
            "ALTER TABLE orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE NOT VALID");
    List<PlanStep> contract = plan.phase(Phase.CONTRACT);
    assertThat(contract)
        .extracting(s -> s.action().getClass().getSimpleName())
        .containsExactly("Validate", "Ddl", "Validate");
    assertThat(sql(contract.get(1)))
        .containsExactly(
            "ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0) NOT VALID");
  }

  @Test
  void uniqueConstraintBecomesConcurrentIndexThenUsingIndex() {
    RolloutPlan plan =
        plan("ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE (email);");
    assertThat(plan.steps()).hasSize(2);
    assertThat(sql(plan.steps().get(0)))
        .containsExactly(
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS accounts_email_key ON accounts (email)");
    assertThat(sql(plan.steps().get(1)))
        .containsExactly(
            "ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE USING INDEX accounts_email_key");
  }

  @Test
  void dropsGoToAContractThatWaitsForApproval() {
    RolloutPlan plan =
        plan(
            """
            ALTER TABLE orders DROP COLUMN legacy;
            DROP INDEX orders_legacy_idx;
            """);
    assertThat(plan.steps()).allMatch(s -> s.phase() == Phase.CONTRACT);
    assertThat(plan.steps().get(0).gate()).isEqualTo(Gate.CONTRACT_APPROVED);
    assertThat(plan.contractNeedsApproval()).isTrue();
    assertThat(sql(plan.steps().get(0)))
        .containsExactly("ALTER TABLE orders DROP COLUMN IF EXISTS legacy");
    StepAction.Ddl dropIndex = (StepAction.Ddl) plan.steps().get(1).action();
    assertThat(dropIndex.statements())
        .containsExactly("DROP INDEX CONCURRENTLY IF EXISTS orders_legacy_idx");
    assertThat(dropIndex.transactional()).isFalse();
  }

  @Test
  void whatCannotBeMadeSafeIsRefusedWithARecipe() {
    RolloutPlan plan =
        plan(
            """
            ALTER TABLE orders RENAME COLUMN note TO remark;
            ALTER TABLE orders ALTER COLUMN amount TYPE bigint;
            ALTER TABLE accounts ADD COLUMN tier text NOT NULL;
            UPDATE orders SET note = a.name FROM accounts a WHERE a.id = orders.account_id;
            SET search_path = app;
            TRUNCATE orders;
            """);
    assertThat(plan.executable()).isFalse();
    assertThat(plan.refusals()).extracting(Refusal::line).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(plan.refusals().get(0).recipe()).contains("ADD COLUMN remark");
    assertThat(plan.refusals().get(1).reason()).contains("rewrites the table");
    assertThat(plan.refusals().get(1).recipe()).contains("ADD COLUMN amount_new bigint");
    assertThat(plan.refusals().get(2).reason())
        .contains("nothing in the migration says what existing rows should hold");
    assertThat(plan.refusals().get(4).recipe()).contains("qualify the table names");
  }

  @Test
  void binaryCoercibleTypeChangeRunsAsIs() {
    RolloutPlan plan = plan("ALTER TABLE orders ALTER COLUMN note TYPE varchar(200);");
    assertThat(plan.refusals()).isEmpty();
    assertThat(sql(plan.steps().get(0)))
        .containsExactly("ALTER TABLE orders ALTER COLUMN note TYPE varchar(200)");
  }

  @Test
  void directivesRunAStatementAsWritten() {
    RolloutPlan plan =
        plan(
            """
            -- migration-bot: ignore creating-index-without-concurrently orders is tiny
            CREATE INDEX orders_note_idx ON orders (note);
            -- migration-bot: phase=contract
            ALTER TABLE orders ALTER COLUMN amount TYPE bigint;
            """);
    assertThat(plan.refusals()).isEmpty();
    assertThat(sql(plan.steps().get(0)))
        .containsExactly("CREATE INDEX orders_note_idx ON orders (note)");
    assertThat(plan.steps().get(1).phase()).isEqualTo(Phase.CONTRACT);
  }

  @Test
  void newTablesAndTimeoutsNeedNothingSpecial() {
    RolloutPlan plan =
        plan(
            """
            SET lock_timeout = '2s';
            BEGIN;
            CREATE TABLE refunds (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));
            CREATE INDEX refunds_order_id_idx ON refunds (order_id);
            COMMIT;
            """);
    assertThat(plan.refusals()).isEmpty();
    assertThat(plan.steps()).extracting(PlanStep::phase).containsOnly(Phase.EXPAND);
    assertThat(plan.steps()).hasSize(2);
  }

  @Test
  void postgres11CannotSkipTheNotNullScan() {
    RolloutPlan plan = plan("ALTER TABLE orders ALTER COLUMN shipped_at SET NOT NULL;", 11);
    assertThat(plan.refusals()).hasSize(1);
  }

  @Test
  void generatedNamesStayWithinPostgresLimit() {
    assertThat(Planner.identifier("x".repeat(70))).hasSize(63);
    assertThat(Planner.identifier("short_name")).isEqualTo("short_name");
  }

  @Test
  void examplePlanSnapshot() throws IOException {
    List<MigrationFile> files = new ArrayList<>();
    try (Stream<Path> walk = Files.list(Path.of("../../examples/migrations"))) {
      for (Path p : walk.sorted().toList()) {
        files.add(
            new MigrationFile(
                "examples/migrations/" + p.getFileName(),
                Files.readString(p, StandardCharsets.UTF_8)));
      }
    }
    String schema = Files.readString(Path.of("../../examples/schema.sql"), StandardCharsets.UTF_8);
    RolloutPlan plan =
        new Planner(PlannerOptions.DEFAULTS)
            .plan(
                new Analyzer()
                    .analyze(
                        files,
                        AnalysisContext.of(16)
                            .withSchemaFiles(List.of(new MigrationFile("schema.sql", schema)))));
    assertThat(plan.refusals()).isEmpty();
    Snapshots.assertMatches("plan/examples.md", PlanMarkdown.render(plan));
  }
}
