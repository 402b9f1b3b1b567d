package dev.migrationbot.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrationbot.analyzer.Phase;
import dev.migrationbot.rollout.engine.PhaseResult;
import dev.migrationbot.rollout.plan.PlanStep;
import dev.migrationbot.rollout.plan.RolloutPlan;
import dev.migrationbot.rollout.plan.StepAction;
import dev.migrationbot.rollout.port.BackfillJob;
import dev.migrationbot.rollout.port.Event;
import dev.migrationbot.testing.PostgresTest;
import dev.migrationbot.testing.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The contract phase after a backfill, on real PostgreSQL: the planner's NOT NULL rewrite ends with
 * the column NOT NULL, the only full scan runs under SHARE UPDATE EXCLUSIVE (VALIDATE) and never
 * under ACCESS EXCLUSIVE, and rows an old writer left NULL after the backfill are swept before
 * VALIDATE passes.
 */
@PostgresTest
class ContractPhaseTest {

  private static final int ROWS = 50_000;

  private static final String SCHEMA =
      "CREATE TABLE orders (id bigint PRIMARY KEY, quantity int NOT NULL,"
          + " unit_price bigint NOT NULL);";

  private static final String MIGRATION =
      """
      ALTER TABLE orders ADD COLUMN total bigint;
      UPDATE orders SET total = quantity * unit_price;
      ALTER TABLE orders ALTER COLUMN total SET NOT NULL;
      """;

  /**
   * One ALTER TABLE the engine ran, seen from inside its own transaction right after it: the locks
   * the transaction holds on the table and how many sequential scans of the table (and rows read by
   * them) the transaction has done so far.
   */
  record Alter(String sql, List<String> locks, long seqScans, long seqRows) {
    boolean underAccessExclusive() {
      return locks.contains("AccessExclusiveLock");
    }
  }

  /**
   * Connections whose ALTER TABLE statements are followed, in the same transaction, by a look at
   * the transaction's own statistics and locks. Transaction-local counters are exact and belong to
   * this backend alone, so concurrent sessions and the statistics flush interval do not blur them.
   */
  private static ConnectionFactory observed(TestDatabase db, List<Alter> seen) {
    return name -> {
      Connection real = db.connect(name);
      return (Connection)
          Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                Object result = invoke(method, real, args);
                if (method.getName().equals("createStatement") && args == null) {
                  return observedStatement((Statement) result, real, seen);
                }
                return result;
              });
    };
  }

  private static Statement observedStatement(Statement real, Connection c, List<Alter> seen) {
    return (Statement)
        Proxy.newProxyInstance(
            Statement.class.getClassLoader(),
            new Class<?>[] {Statement.class},
            (proxy, method, args) -> {
              Object result = invoke(method, real, args);
              if (method.getName().equals("execute")
                  && args.length == 1
                  && ((String) args[0]).toUpperCase(Locale.ROOT).startsWith("ALTER TABLE")
                  && !c.getAutoCommit()) {
                seen.add(look((String) args[0], c));
              }
              return result;
            });
  }

  private static Alter look(String sql, Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT pg_stat_get_xact_numscans('orders'::regclass),"
                + " pg_stat_get_xact_tuples_returned('orders'::regclass),"
                + " ARRAY(SELECT mode FROM pg_locks WHERE pid = pg_backend_pid()"
                + " AND relation = 'orders'::regclass AND granted ORDER BY mode)")) {
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return new Alter(
            sql, List.of((String[]) rs.getArray(3).getArray()), rs.getLong(1), rs.getLong(2));
      }
    }
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void createOrders(TestDatabase db) throws SQLException {
    db.execute(
        SCHEMA
            + " INSERT INTO orders SELECT g, 1 + g % 7, 100 + g % 1000"
            + " FROM generate_series(1, "
            + ROWS
            + ") g");
    db.execute("VACUUM ANALYZE orders");
  }

  private static List<PlanStep> contractSteps(RolloutPlan plan) {
    return plan.steps().stream().filter(s -> s.phase() == Phase.CONTRACT).toList();
  }

  private static String expandAndBackfill(PostgresRolloutEngine engine, RolloutPlan plan)
      throws InterruptedException {
    String id = engine.engine().register(Fixtures.rollout(plan));
    assertThat(engine.engine().runExpand(id, Fixtures.minutes(1)).status())
        .isEqualTo(PhaseResult.Status.DONE);
    assertThat(Fixtures.backfillToEnd(engine, id).rowsUpdated()).isEqualTo(ROWS);
    return id;
  }

  private static void assertNotNullEnforced(TestDatabase db) throws SQLException {
    assertThat(
            Fixtures.queryString(
                db,
                "SELECT attnotnull::text FROM pg_attribute"
                    + " WHERE attrelid = 'orders'::regclass AND attname = 'total'"))
        .isEqualTo("true");
    assertThat(Fixtures.queryLong(db, "SELECT count(*) FROM orders WHERE total IS NULL")).isZero();
    assertThatThrownBy(
            () -> db.execute("INSERT INTO orders (id, quantity, unit_price) VALUES (-1, 1, 1)"))
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23502"));
  }

  @Test
  void notNullIsEnforcedAndTheOnlyFullScanRunsOutsideAccessExclusive(TestDatabase db)
      throws Exception {
    createOrders(db);
    RolloutPlan plan = Fixtures.plan(db.major(), SCHEMA, MIGRATION);
    List<PlanStep> contract = contractSteps(plan);
    assertThat(contract)
        .as("PostgreSQL 18 validates a NOT NULL NOT VALID; older majors go through a CHECK")
        .hasSize(db.major() >= 18 ? 2 : 3);
    assertThat(contract.get(1).action()).isInstanceOf(StepAction.Validate.class);
    List<Alter> seen = new CopyOnWriteArrayList<>();
    try (PostgresRolloutEngine engine =
        new PostgresRolloutEngine(observed(db, seen), Fixtures.FAST)) {
      String id = expandAndBackfill(engine, plan);
      seen.clear();
      assertThat(engine.engine().runContract(id, Fixtures.minutes(2)).status())
          .isEqualTo(PhaseResult.Status.DONE);
    }
    assertNotNullEnforced(db);
    if (db.major() < 18) {
      assertThat(
              Fixtures.queryLong(
                  db,
                  "SELECT count(*) FROM pg_constraint WHERE conrelid = 'orders'::regclass"
                      + " AND contype = 'c'"))
          .as("the temporary CHECK is dropped")
          .isZero();
    }

    List<Alter> validate = seen.stream().filter(a -> a.sql().contains("VALIDATE")).toList();
    assertThat(validate)
        .as("the instrument sees VALIDATE's scan, so a scan elsewhere would show too")
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.seqScans()).isPositive();
              assertThat(a.seqRows()).isGreaterThanOrEqualTo(ROWS);
              assertThat(a.locks()).contains("ShareUpdateExclusiveLock");
              assertThat(a.underAccessExclusive()).isFalse();
            });
    List<Alter> exclusive = seen.stream().filter(Alter::underAccessExclusive).toList();
    assertThat(exclusive)
        .as("ADD CONSTRAINT ... NOT VALID%s", db.major() < 18 ? ", SET NOT NULL, DROP CHECK" : "")
        .hasSize(db.major() >= 18 ? 1 : 3);
    assertThat(exclusive)
        .allSatisfy(
            a -> {
              assertThat(a.seqScans()).as(a.sql()).isZero();
              assertThat(a.seqRows()).as(a.sql()).isZero();
            });
    if (db.major() < 18) {
      assertThat(exclusive).anySatisfy(a -> assertThat(a.sql()).contains("SET NOT NULL"));
    }
  }

  @Test
  void rowsAnOldWriterLeftNullAreSweptAndValidatePassesOnTheSecondTry(TestDatabase db)
      throws Exception {
    createOrders(db);
    RolloutPlan plan = Fixtures.plan(db.major(), SCHEMA, MIGRATION);
    try (PostgresRolloutEngine engine =
        new PostgresRolloutEngine(Fixtures.connections(db), Fixtures.FAST)) {
      String id = expandAndBackfill(engine, plan);
      // The application version that predates the column still runs somewhere.
      db.execute(
          "INSERT INTO orders (id, quantity, unit_price)"
              + " SELECT g, 3, 5 FROM generate_series("
              + (ROWS + 1)
              + ", "
              + (ROWS + 40)
              + ") g; UPDATE orders SET total = NULL WHERE id IN (7, 4242)");
      assertThat(engine.engine().runContract(id, Fixtures.minutes(2)).status())
          .isEqualTo(PhaseResult.Status.DONE);

      List<Event> violated =
          engine.store().events(id).stream()
              .filter(e -> e.kind().equals("validate-violated"))
              .toList();
      assertThat(violated)
          .singleElement()
          .satisfies(e -> assertThat(e.detail()).containsEntry("sweepRound", 1));
      List<BackfillJob> sweeps =
          engine.backfills().ofRollout(id).stream().filter(j -> j.key().round() > 0).toList();
      assertThat(sweeps)
          .singleElement()
          .satisfies(
              j -> {
                assertThat(j.key().round()).isEqualTo(1);
                assertThat(j.rowsUpdated()).isEqualTo(42);
              });
    }
    assertNotNullEnforced(db);
    assertThat(
            Fixtures.queryLong(
                db,
                "SELECT count(*) FROM orders WHERE total IS DISTINCT FROM quantity * unit_price"))
        .isZero();
  }
}
