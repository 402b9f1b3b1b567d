package dev.migrationbot.cli.rehearse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.analyzer.MigrationFile;
import dev.migrationbot.local.StateMachineTools;
import dev.migrationbot.postgres.PostgresRolloutEngines;
import dev.migrationbot.testing.LocalEngines;
import dev.migrationbot.testing.PostgresTest;
import dev.migrationbot.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rollout end to end: the real state machine on the local ASL engine, every task served by its
 * real handler, embedded PostgreSQL under application traffic.
 */
@PostgresTest
class RehearsalTest {

  private StateMachineTools tools;
  private Path root;

  @BeforeEach
  void tools() {
    tools = LocalEngines.stateMachineTools();
    root = tools.repositoryRoot();
  }

  private Rehearsal.Options options(TestDatabase db, String migration) throws Exception {
    return new Rehearsal.Options(
        PostgresRolloutEngines.connect(db.jdbcUrl(), db.user(), ""),
        db.major(),
        List.of(
            new MigrationFile(
                "examples/schema.sql", Files.readString(root.resolve("examples/schema.sql")))),
        List.of(new MigrationFile("db/V2__status.sql", migration)),
        5_000,
        1,
        2,
        Duration.ofMillis(500));
  }

  @Test
  void theExampleRollsOutUnderTrafficWithoutErrorsOrNullsLeft(TestDatabase db) throws Exception {
    String migration =
        Files.readString(root.resolve("examples/migrations/V2__add_order_status.sql"));
    RehearsalReport report =
        new Rehearsal(tools, root.resolve("statemachine/rollout.asl.json"))
            .run(options(db, migration));

    assertThat(report.succeeded()).as(report.text()).isTrue();
    assertThat(report.phases())
        .extracting(RehearsalReport.Phase::name)
        .containsExactly(
            "plan", "expand", "wait-for-deploy", "backfill", "contract-gate", "contract", "report");
    assertThat(report.nullsRemaining()).isZero();
    assertThat(report.backfillRows()).isGreaterThan(4_000);
    assertThat(report.appErrors()).isZero();
    assertThat(report.constraints())
        .contains("public.orders status: NOT NULL")
        .noneMatch(c -> c.contains("not validated"));
    assertThat(report.comment()).hasValueSatisfying(c -> assertThat(c).contains("✅ Rolled out"));
  }

  @Test
  void aDataErrorInTheBackfillStopsTheRolloutAndTellsThePullRequestHowToGoOn(TestDatabase db)
      throws Exception {
    String migration =
        """
        ALTER TABLE orders ADD COLUMN share bigint;
        UPDATE orders SET share = total_cents / (id - 2500);
        """;
    RehearsalReport report =
        new Rehearsal(tools, root.resolve("statemachine/rollout.asl.json"))
            .run(options(db, migration));

    assertThat(report.succeeded()).isFalse();
    assertThat(report.phases())
        .extracting(RehearsalReport.Phase::name)
        .contains("backfill", "report-failure")
        .doesNotContain("contract");
    assertThat(report.comment())
        .hasValueSatisfying(
            c ->
                assertThat(c)
                    .contains("🛑 Rollout failed")
                    .contains("division by zero")
                    .contains("/migration retry"));
  }
}
