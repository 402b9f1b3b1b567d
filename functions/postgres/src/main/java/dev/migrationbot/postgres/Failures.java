package dev.migrationbot.postgres;

import dev.migrationbot.rollout.port.TransientFailureException;
import java.sql.SQLException;

/** Turns JDBC errors into the engine's typed failures. */
final class Failures {

  private Failures() {}

  /**
   * A lost connection (the session is discarded and the workflow retries) or an error that names
   * the operation and the server's message.
   */
  static RuntimeException of(String operation, SQLException e, Session session) {
    String state = SqlStates.of(e);
    if (SqlStates.connectionLost(state)) {
      session.discard();
      return new TransientFailureException(
          "lost the connection to the target database while trying to "
              + operation
              + ": "
              + e.getMessage(),
          e);
    }
    return new IllegalStateException(
        "could not " + operation + " (" + state + ": " + e.getMessage() + ")", e);
  }
}
