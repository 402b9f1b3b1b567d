package dev.migrationbot.postgres;

import dev.migrationbot.rollout.config.DatabaseTarget;
import dev.migrationbot.rollout.engine.EngineSettings;
import dev.migrationbot.rollout.engine.RolloutEngine;
import dev.migrationbot.rollout.port.RolloutEngines;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * One engine per configured database, kept for the life of the process so a warm Lambda environment
 * reuses its sessions across invocations.
 */
public final class PostgresRolloutEngines implements RolloutEngines, AutoCloseable {

  /** Seconds to wait for a connection: a step must fail fast and be retried, not hang. */
  private static final int CONNECT_TIMEOUT_SECONDS = 10;

  private final Function<DatabaseTarget, ConnectionFactory> connections;
  private final EngineSettings settings;
  private final Map<String, PostgresRolloutEngine> engines = new LinkedHashMap<>();

  /**
   * @param connections how to connect to each target, e.g. with the credentials in its secret
   */
  public PostgresRolloutEngines(
      Function<DatabaseTarget, ConnectionFactory> connections, EngineSettings settings) {
    this.connections = connections;
    this.settings = settings;
  }

  /**
   * Connections with a user and password, naming each session for {@code pg_stat_activity}.
   *
   * @param jdbcUrl {@code jdbc:postgresql://host:port/db}
   */
  public static ConnectionFactory connect(String jdbcUrl, String user, String password) {
    return applicationName -> {
      Properties p = new Properties();
      p.setProperty("user", user);
      p.setProperty("password", password);
      p.setProperty("ApplicationName", applicationName);
      p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
      p.setProperty("tcpKeepAlive", "true");
      return DriverManager.getConnection(jdbcUrl, p);
    };
  }

  @Override
  public synchronized RolloutEngine of(DatabaseTarget target) {
    return engines
        .computeIfAbsent(
            target.secretId(), id -> new PostgresRolloutEngine(connections.apply(target), settings))
        .engine();
  }

  @Override
  public synchronized void close() {
    engines.values().forEach(PostgresRolloutEngine::close);
    engines.clear();
  }
}
