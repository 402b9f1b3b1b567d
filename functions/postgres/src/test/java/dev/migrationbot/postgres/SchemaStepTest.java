package dev.migrationbot.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrationbot.analyzer.Phase;
import dev.migrationbot.rollout.engine.EngineSettings;
import dev.migrationbot.rollout.engine.PhaseResult;
import dev.migrationbot.rollout.engine.TimeBudget;
import dev.migrationbot.rollout.plan.AppliedCheck;
import dev.migrationbot.rollout.plan.RetryPolicy;
import dev.migrationbot.rollout.plan.StepAction;
import dev.migrationbot.rollout.port.Event;
import dev.migrationbot.rollout.port.StepFailedException;
import dev.migrationbot.rollout.port.StepStatus;
import dev.migrationbot.testing.PostgresTest;
import dev.migrationbot.testing.TestDatabase;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The DDL executor on real PostgreSQL: idempotence, lock waits, blockers, budgets. */
@PostgresTest
class SchemaStepTest {

  private static final EngineSettings NO_PRECHECK =
      Fixtures.FAST.withLongTransaction(Duration.ofHours(1));

  private static String expandOnly(PostgresRolloutEngine engine, int major, StepAction action) {
    return expandOnly(engine, major, action, Fixtures.QUICK_RETRY);
  }

  private static String expandOnly(
      PostgresRolloutEngine engine, int major, StepAction action, RetryPolicy retry) {
    return engine
        .engine()
        .register(Fixtures.rollout(major, Fixtures.step("expand-1", Phase.EXPAND, action, retry)));
  }

  private static List<Event> events(PostgresRolloutEngine engine, String id, String kind) {
    return engine.store().events(id).stream().filter(e -> e.kind().equals(kind)).toList();
  }

  /** Holds ACCESS SHARE on the table in an open transaction until released. */
  private static final class Blocker implements AutoCloseable {
    private final Connection connection;

    Blocker(TestDatabase db, String table) throws Exception {
      connection = db.connect("billing-report");
      connection.setAutoCommit(false);
      try (Statement s = connection.createStatement()) {
        s.executeQuery("SELECT count(*) FROM " + table + " WHERE id > 42").close();
      }
    }

    @Override
    public void close() throws java.sql.SQLException {
      connection.rollback();
      connection.close();
    }
  }

  private static Thread releaseAfter(Blocker blocker, Duration after) {
    Thread t =
        new Thread(
            () -> {
              try {
                Thread.sleep(after.toMillis());
                blocker.close();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    t.start();
    return t;
  }

  @Test
  void aStepAlreadyAppliedIsSkipped(TestDatabase db) throws Exception {
    db.execute("CREATE TABLE t (id bigint PRIMARY KEY, status text)");
    try (PostgresRolloutEngine engine =
        new PostgresRolloutEngine(Fixtures.connections(db), Fixtures.FAST)) {
      String id =
          expandOnly(
              engine,
              db.major(),
              new StepAction.Ddl(
                  List.of("ALTER TABLE t ADD COLUMN status text"),
                  true,
                  Optional.of(
                      new AppliedCheck.ColumnExists(Fixtures.table("t"), "status", "text"))));
      assertThat(engine.engine().runExpand(id, Fixtures.minutes(1)).status())
          .isEqualTo(PhaseResult.Status.DONE);
      assertThat(engine.engine().status(id).steps().get(0).status()).isEqualTo(StepStatus.SKIPPED);
      assertThat(events(engine, id, "step-skipped")).hasSize(1);
    }
  }

  @Test
  void aColumnWithAnotherTypeIsAClearErrorNotASkip(TestDatabase db) throws Exception {
    db.execute("CREATE TABLE t (id bigint PRIMARY KEY, status integer)");
    try (PostgresRolloutEngine engine =
        new PostgresRolloutEngine(Fixtures.connections(db), Fixtures.FAST)) {
      String id =
          expandOnly(
              engine,
              db.major(),
              new StepAction.Ddl(
                  List.of("ALTER TABLE t ADD COLUMN status text"),
                  true,
                  Optional.of(
                      new AppliedCheck.ColumnExists(Fixtures.table("t"), "status", "text"))));
      assertThatThrownBy(() -> engine.engine().runExpand(id, Fixtures.minutes(1)))
          .isInstanceOf(StepFailedException.class)
          .hasMessageContaining("column public.t.status exists with type integer")
          .hasMessageContaining("adds it as text");
      assertThat(engine.engine().status(id).steps().get(0).status()).isEqualTo(StepStatus.FAILED);
    }
  }

  @Test
  void typeSpellingsThatMeanTheSameTypeCountAsApplied(TestDatabase db) throws Exception {
    db.execute("CREATE TABLE t (id bigint PRIMARY KEY, a integer, b character varying(20))");
    try (JdbcSchemaChanges schema = new JdbcSchemaChanges(Fixtures.connections(db))) {
      assertThat(schema.applied(new AppliedCheck.ColumnExists(Fixtures.table("t"), "a", "int")))
          .isInstanceOf(dev.migrationbot.rollout.port.AppliedState.Applied.class);
      assertThat(
              schema.applied(
                  new AppliedCheck.ColumnExists(Fixtures.table("t"), "b", "varchar(20)")))
          .isInstanceOf(dev.migrationbot.rollout.port.AppliedState.Applied.class);
      assertThat(
              schema.applied(
                  new AppliedCheck.ColumnExists(Fixtures.table("t"), "b", "varchar(50)")))
          .isInstanceOf(dev.migrationbot.rollout.port.AppliedState.Conflict.class);
    }
  }

  @Test
  void anInvalidIndexLeftByAFailedBuildIsDroppedAndBuiltAgain(TestDatabase db) throws Exception {
    db.execute(
        "CREATE TABLE t (id bigint PRIMARY KEY, code text);"
            + " INSERT INTO t VALUES (1, 'a'), (2, 'a'), (3, 'b')");
    try {
      db.execute("CREATE UNIQUE INDEX CONCURRENTLY t_code_key ON t (code)");
    } catch (java.sql.SQLException expected) {
      // the duplicate makes the build fail half-way and leave the index INVALID
    }
    assertThat(
            Fixtures.queryString(
                db,
                "SELECT indisvalid::text FROM pg_index WHERE indexrelid = 't_code_key'::regclass"))
        .isEqualTo("false");
    db.execute("DELETE FROM t WHERE id = 2");
    try (PostgresRolloutEngine engine =
        new PostgresRolloutEngine(Fixtures.connections(db), Fixtures.FAST)) {
      String id =
          expandOnly(
              engine,
              db.major(),
              new StepAction.Ddl(
                  List.of("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_code_key ON t (code)"),
                  false,
                  Optional.of(new AppliedCheck.IndexValid(Fixtures.table("t_code_key")))));
      assertThat(engine.engine().runExpand(id, Fixtures.minutes(1)).status())
          .isEqualTo(PhaseResult.Status.DONE);
      assertThat(events(engine, id, "invalid-index")).hasSize(1);
    }
    assertThat(
            Fixtures.queryString(
                db,
                "SELECT indisvalid::text FROM pg_index WHERE indexrelid = 't_code_key'::regclass"))
        .isEqualTo("true");
  }

  @Test
  void aNonTransactionalStepRunsInAutocommitAndResetsItsSessionTimeouts(TestDatabase db)
      throws Exception {
    db.execute("CREATE TABLE t (id bigint PRIMARY KEY, code text)");
    try (Connection shared = db.connect("pooled")) {
      ConnectionFactory pool =
          name ->
              (Connection)
                  Proxy.newProxyInstance(
                      Connection.class.getClassLoader(),
                      new Class<?>[] {Connection.class},
                      (proxy, method, args) ->
                          method.getName().equals("close") ? null : method.invoke(shared, args));
      try (JdbcSchemaChanges schema = new JdbcSchemaChanges(pool)) {
        var outcome =
            schema.execute(
                List.of("CREATE INDEX CONCURRENTLY t_code_idx ON t (code)"),
                false,
                Duration.ofMillis(700),
                Duration.ofSeconds(9),
                "ddl/expand-1");
        assertThat(outcome).isInstanceOf(dev.migrationbot.rollout.port.DdlOutcome.Done.class);
      }
      try (Statement s = shared.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT current_setting('lock_timeout'),"
                      + " current_setting('statement_timeout')")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("0");
        assertThat(rs.getString(2)).isEqualTo("0");
      }
    }
  }

  @Test
  void aLockTimeoutIsRetriedAndEveryFailedAttemptNamesItsBlockers(TestDatabase db)
      throws Exception {
    db.execute(
        "CREATE TABLE accounts (id bigint PRIMARY KEY);"
            + " INSERT INTO accounts SELECT generate_series(1, 100)");
    Blocker blocker = new Blocker(db, "accounts");
    try (PostgresRolloutEngine engine =
        new PostgresRolloutEngine(Fixtures.connections(db), NO_PRECHECK)) {
      String id =
          expandOnly(
              engine,
              db.major(),
              Fixtures.ddl("ALTER TABLE accounts ADD COLUMN status text"),
              new RetryPolicy(
                  Duration.ofMillis(300),
                  Duration.ofSeconds(30),
                  Duration.ofMinutes(1),
                  Duration.ofMillis(200),
                  Duration.ofMillis(400)));
      Thread release = releaseAfter(blocker, Duration.ofMillis(1_500));
      assertThat(engine.engine().runExpand(id, Fixtures.minutes(1)).status())
          .isEqualTo(PhaseResult.Status.DONE);
      release.join();
      List<Event> timeouts = events(engine, id, "lock-timeout");
      assertThat(timeouts).isNotEmpty();
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> blockers =
          (List<Map<String, Object>>) timeouts.get(0).detail().get("blockers");
      assertThat(blockers).isNotEmpty();
      assertThat(blockers.get(0))
          .containsEntry("applicationName", "billing-report")
          .containsEntry("state", "idle in transaction")
          .containsEntry("query", "SELECT count(*) FROM accounts WHERE id > ?")
          .containsKey("transactionAgeMs");
      assertThat(timeouts.get(0).detail()).containsEntry("sqlState", "55P03");
      assertThat(engine.engine().status(id).steps().get(0).attempts()).isEqualTo(timeouts.size());
    }
    assertThat(
            Fixtures.queryLong(
                db,
                "SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'accounts' AND column_name = 'status'"))
        .isEqualTo(1);
  }

  @Test
  void aLongConflictingTransactionIsWaitedOutInsteadOfQueuedBehind(TestDatabase db)
      throws Exception {
    db.execute(
        "CREATE TABLE accounts (id bigint PRIMARY KEY);"
            + " INSERT INTO accounts SELECT generate_series(1, 100)");
    Blocker blocker = new Blocker(db, "accounts");
    Thread.sleep(400);
    try (PostgresRolloutEngine engine =
        new PostgresRolloutEngine(
            Fixtures.connections(db), Fixtures.FAST.withLongTransaction(Duration.ofMillis(200)))) {
      String id =
          expandOnly(engine, db.major(), Fixtures.ddl("ALTER TABLE accounts ADD COLUMN note text"));
      Thread release = releaseAfter(blocker, Duration.ofMillis(1_200));
      assertThat(engine.engine().runExpand(id, Fixtures.minutes(1)).status())
          .isEqualTo(PhaseResult.Status.DONE);
      release.join();
      List<Event> waits = events(engine, id, "waiting-for-long-transactions");
      assertThat(waits).isNotEmpty();
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> blockers =
          (List<Map<String, Object>>) waits.get(0).detail().get("blockers");
      assertThat(blockers.get(0))
          .containsEntry("applicationName", "billing-report")
          .containsEntry("lockMode", "AccessShareLock");
      assertThat(events(engine, id, "lock-timeout"))
          .as("it never queued behind the old transaction")
          .isEmpty();
    }
  }

  @Test
  void anInvocationReturnsBeforeItsBudgetEndsAndTheNextOneFinishes(TestDatabase db)
      throws Exception {
    db.execute("CREATE TABLE accounts (id bigint PRIMARY KEY)");
    Blocker blocker = new Blocker(db, "accounts");
    try (PostgresRolloutEngine engine =
        new PostgresRolloutEngine(Fixtures.connections(db), NO_PRECHECK)) {
      String id =
          expandOnly(engine, db.major(), Fixtures.ddl("ALTER TABLE accounts ADD COLUMN note text"));
      PhaseResult first =
          engine.engine().runExpand(id, TimeBudget.of(Instant.now(), Duration.ofMillis(1_500)));
      assertThat(first.status()).isEqualTo(PhaseResult.Status.CONTINUE);
      assertThat(first.stepId()).contains("expand-1");
      assertThat(first.waitSeconds()).isBetween(0L, 1L);
      blocker.close();
      assertThat(engine.engine().runExpand(id, Fixtures.minutes(1)).status())
          .isEqualTo(PhaseResult.Status.DONE);
      assertThat(engine.engine().status(id).steps().get(0).status()).isEqualTo(StepStatus.DONE);
    }
  }

  @Test
  void givingUpAfterTheRetryBudgetSaysWhoBlocked(TestDatabase db) throws Exception {
    db.execute("CREATE TABLE accounts (id bigint PRIMARY KEY)");
    try (Blocker blocker = new Blocker(db, "accounts");
        PostgresRolloutEngine engine =
            new PostgresRolloutEngine(Fixtures.connections(db), NO_PRECHECK)) {
      String id =
          expandOnly(
              engine,
              db.major(),
              Fixtures.ddl("ALTER TABLE accounts ADD COLUMN note text"),
              new RetryPolicy(
                  Duration.ofMillis(200),
                  Duration.ofSeconds(30),
                  Duration.ofSeconds(1),
                  Duration.ofMillis(100),
                  Duration.ofMillis(200)));
      assertThatThrownBy(() -> engine.engine().runExpand(id, Fixtures.minutes(1)))
          .isInstanceOf(StepFailedException.class)
          .hasMessageContaining("could not get its locks within")
          .hasMessageContaining("billing-report")
          .hasMessageContaining("End or shorten the blocking transactions");
    }
    assertThat(
            Fixtures.queryLong(
                db,
                "SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'accounts' AND column_name = 'note'"))
        .as("nothing half-applied")
        .isZero();
  }
}
