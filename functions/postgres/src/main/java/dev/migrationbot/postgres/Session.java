package dev.migrationbot.postgres;

import dev.migrationbot.rollout.port.TransientFailureException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One reusable connection, opened on first use and opened again after it broke. Warm Lambda
 * environments keep it between invocations; it is checked before reuse.
 */
final class Session implements AutoCloseable {

  private final ConnectionFactory factory;
  private String applicationName;
  private Connection connection;
  private boolean checked;

  Session(ConnectionFactory factory, String applicationName) {
    this.factory = factory;
    this.applicationName = applicationName;
  }

  /**
   * The connection in autocommit mode, checked to be alive and on a primary the first time it is
   * handed out after (re)opening.
   */
  Connection get() {
    try {
      if (connection != null && !checked && !connection.isValid(5)) {
        discard();
      }
      if (connection == null) {
        connection = factory.open(applicationName);
        checked = false;
      }
      if (!checked) {
        requirePrimary(connection);
        checked = true;
      }
      connection.setAutoCommit(true);
      return connection;
    } catch (SQLException e) {
      discard();
      throw new TransientFailureException(
          "cannot reach the target database as " + applicationName + ": " + e.getMessage(), e);
    }
  }

  /** Renames the session for the next connection; the current one is renamed in place. */
  void rename(String name) throws SQLException {
    if (name.equals(applicationName)) {
      return;
    }
    applicationName = name;
    if (connection != null) {
      try (PreparedStatement s =
          connection.prepareStatement("SELECT set_config('application_name', ?, false)")) {
        s.setString(1, name);
        s.execute();
      }
    }
  }

  /** Forgets a connection that broke; the next {@link #get()} opens a new one. */
  void discard() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // it is broken already; the new connection is what matters
      }
      connection = null;
    }
    checked = false;
  }

  /**
   * Marks the connection to be checked again before its next use: after a connection error the
   * session may have moved to a promoted standby or lost its server.
   */
  void recheck() {
    checked = false;
  }

  @Override
  public void close() {
    discard();
  }

  /**
   * Refuses to work on a standby: after a fail-over a stale endpoint may point at a server in
   * recovery, where every write fails.
   */
  static void requirePrimary(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT pg_is_in_recovery()");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      if (rs.getBoolean(1)) {
        throw new TransientFailureException(
            "the target database is in recovery (a standby, or a fail-over in progress); the"
                + " bot only writes to the primary and will try again");
      }
    }
  }
}
