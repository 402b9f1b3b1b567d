package dev.migrationbot.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens connections to the target database. The wiring supplies one with the credentials; the
 * adapters name every session in {@code application_name} so DBAs, the blocked-by-me check and the
 * lock reports can tell the bot's sessions apart.
 */
@FunctionalInterface
public interface ConnectionFactory {

  /**
   * @param applicationName at most 63 bytes are kept by the server, e.g. {@code
   *     migration-bot/backfill/42}
   */
  Connection open(String applicationName) throws SQLException;
}
