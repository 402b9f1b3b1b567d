package dev.migrationbot.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.rollout.backfill.Reading;
import dev.migrationbot.rollout.engine.PhaseResult;
import dev.migrationbot.rollout.plan.RolloutPlan;
import dev.migrationbot.testing.PostgresTest;
import dev.migrationbot.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The role docs/database-role.md describes, created with the page's own SQL, runs a whole rollout:
 * expand, backfill, the NOT NULL contract and a concurrent index build, on a table another role
 * owns, and reads every health signal.
 */
@PostgresTest
class DatabaseRoleTest {

  private static final String BOT = "migration_bot";

  private static final String SCHEMA =
      "CREATE TABLE orders (id bigint PRIMARY KEY, quantity int NOT NULL,"
          + " unit_price bigint NOT NULL);";

  private static final String MIGRATION =
      """
      ALTER TABLE orders ADD COLUMN total bigint;
      UPDATE orders SET total = quantity * unit_price;
      ALTER TABLE orders ALTER COLUMN total SET NOT NULL;
      CREATE INDEX orders_total_idx ON orders (total);
      """;

  /** The first ```sql block of the page that starts with {@code start}. */
  private static String documentedSql(String start, TestDatabase db) throws Exception {
    String page =
        Files.readString(
            Path.of(
                System.getProperty("migrationbot.repository.root"), "docs", "database-role.md"));
    int at = page.indexOf("```sql\n" + start);
    assertThat(at)
        .as("docs/database-role.md has a sql block starting with " + start)
        .isNotNegative();
    int from = at + "```sql\n".length();
    return page.substring(from, page.indexOf("```", from))
        .replace("DATABASE app ", "DATABASE " + db.name() + " ")
        .replace("'app'", "'" + db.name() + "'");
  }

  /** A table owned by the application's role, and the bot's role as the page creates it. */
  private static void setUp(TestDatabase db) throws Exception {
    db.execute("DROP ROLE IF EXISTS " + BOT);
    db.execute("DROP ROLE IF EXISTS app_owner");
    db.execute("CREATE ROLE app_owner NOLOGIN");
    db.execute(
        SCHEMA
            + " ALTER TABLE orders OWNER TO app_owner;"
            + " INSERT INTO orders SELECT g, 1 + g % 7, 100 + g % 1000"
            + " FROM generate_series(1, 5000) g");
    db.execute(documentedSql("CREATE ROLE", db));
  }

  private static Connection asBot(TestDatabase db, String applicationName) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", BOT);
    properties.setProperty("password", "...");
    properties.setProperty("ApplicationName", applicationName);
    return DriverManager.getConnection(db.jdbcUrl(), properties);
  }

  private static void assertDocumentedCheckPasses(TestDatabase db) throws Exception {
    try (Connection c = asBot(db, "role-check");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(documentedSql("SELECT has_database_privilege", db))) {
      rs.next();
      ResultSetMetaData columns = rs.getMetaData();
      for (int i = 1; i <= columns.getColumnCount(); i++) {
        assertThat(rs.getObject(i)).as(columns.getColumnName(i)).isEqualTo(true);
      }
    }
  }

  @Test
  void theDocumentedGrantsAreEnoughForAWholeRollout(TestDatabase db) throws Exception {
    setUp(db);
    assertDocumentedCheckPasses(db);
    RolloutPlan plan = Fixtures.plan(db.major(), SCHEMA, MIGRATION);
    try (PostgresRolloutEngine engine =
        new PostgresRolloutEngine(name -> asBot(db, name), Fixtures.FAST)) {
      String id = engine.engine().register(Fixtures.rollout(plan));
      assertThat(engine.engine().runExpand(id, Fixtures.minutes(1)).status())
          .isEqualTo(PhaseResult.Status.DONE);
      assertThat(Fixtures.backfillToEnd(engine, id).rowsUpdated()).isEqualTo(5000);
      assertThat(engine.engine().runContract(id, Fixtures.minutes(1)).status())
          .isEqualTo(PhaseResult.Status.DONE);
    }
    assertThat(
            Fixtures.queryString(
                db,
                "SELECT attnotnull::text FROM pg_attribute"
                    + " WHERE attrelid = 'orders'::regclass AND attname = 'total'"))
        .isEqualTo("true");
    assertThat(
            Fixtures.queryString(
                db,
                "SELECT indisvalid::text FROM pg_index"
                    + " WHERE indexrelid = 'orders_total_idx'::regclass"))
        .isEqualTo("true");

    try (JdbcHealthProbe probe = new JdbcHealthProbe(name -> asBot(db, name));
        Connection app = db.connect("app")) {
      app.setAutoCommit(false);
      try (Statement s = app.createStatement()) {
        s.execute("SELECT pg_sleep(0)");
      }
      assertThat(probe.activeBackends()).isInstanceOf(Reading.Available.class);
      assertThat(probe.vacuum(QualifiedName.of("public", "orders")))
          .isInstanceOf(Reading.Available.class);
      assertThat(probe.replicaLag()).isInstanceOf(Reading.Available.class);
      app.rollback();
    }
  }

  @Test
  void withoutReadAllStatsTheSignalsAreUnavailableNotHealthy(TestDatabase db) throws Exception {
    setUp(db);
    db.execute("REVOKE pg_read_all_stats FROM " + BOT);
    try (JdbcHealthProbe probe = new JdbcHealthProbe(name -> asBot(db, name));
        Connection app = db.connect("app")) {
      app.setAutoCommit(false);
      try (Statement s = app.createStatement()) {
        s.execute("SELECT pg_sleep(0)");
      }
      assertThat(probe.activeBackends())
          .isInstanceOfSatisfying(
              Reading.Unavailable.class, u -> assertThat(u.reason()).contains("pg_read_all_stats"));
      app.rollback();
    }
  }

  @Test
  void aPreCreatedStateSchemaSparesTheBotCreateOnTheDatabase(TestDatabase db) throws Exception {
    setUp(db);
    db.execute("REVOKE CREATE ON DATABASE " + db.name() + " FROM " + BOT);
    try (Connection bot = asBot(db, "state")) {
      assertThatThrownBy(() -> StateSchema.ensure(bot))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }
    db.execute(documentedSql("CREATE SCHEMA migration_bot AUTHORIZATION", db));
    try (Connection bot = asBot(db, "state")) {
      StateSchema.ensure(bot);
      assertThat(StateSchema.currentVersion(bot)).isEqualTo(StateSchema.latestVersion());
    }
    assertDocumentedCheckPasses(db);
  }
}
