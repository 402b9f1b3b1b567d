package dev.migrationbot.testing;

import dev.migrationbot.local.LocalPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A database created for one test on the shared embedded server, dropped after it. */
public final class TestDatabase {

  private final LocalPostgres server;
  private final String name;

  TestDatabase(LocalPostgres server, String name) {
    this.server = server;
    this.name = name;
  }

  public String name() {
    return name;
  }

  public String jdbcUrl() {
    return server.jdbcUrl(name);
  }

  public String user() {
    return LocalPostgres.SUPERUSER;
  }

  /** The server's major version, e.g. 16. */
  public int major() {
    return server.major();
  }

  public String serverVersion() {
    return server.serverVersion();
  }

  public LocalPostgres server() {
    return server;
  }

  public Connection connect() throws SQLException {
    return connect("migration-bot-test");
  }

  /**
   * Connects with an {@code application_name}, so sessions can be told apart in pg_stat_activity.
   */
  public Connection connect(String applicationName) throws SQLException {
    return server.connect(name, applicationName);
  }

  /** Runs SQL (several statements allowed) in autocommit mode. */
  public void execute(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
