package dev.migrationbot.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

@PostgresTest
class PostgresExtensionTest {

  private static final Set<String> SEEN = new HashSet<>();

  @Test
  void serverRunsTheRequestedMajor(TestDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version_num")) {
      rs.next();
      int major = rs.getInt(1) / 10000;
      System.out.printf(
          "embedded PostgreSQL %s (requested major %d)%n",
          db.serverVersion(), PostgresExtension.requestedMajor());
      assertThat(major).isEqualTo(PostgresExtension.requestedMajor());
      assertThat(db.major()).isEqualTo(major);
    }
  }

  @RepeatedTest(3)
  void everyTestGetsAFreshEmptyDatabase(TestDatabase db) throws SQLException {
    assertThat(SEEN.add(db.name())).as("database name reused").isTrue();
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                  + " WHERE n.nspname = 'public'")) {
        rs.next();
        assertThat(rs.getInt(1)).as("relations left over from another test").isZero();
      }
      s.execute("CREATE TABLE leftover (id int)");
    }
  }
}
