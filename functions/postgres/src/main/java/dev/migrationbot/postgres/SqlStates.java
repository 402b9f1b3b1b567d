package dev.migrationbot.postgres;

import java.sql.SQLException;

/** SQLSTATE classes the executors act on. */
final class SqlStates {

  static final String LOCK_NOT_AVAILABLE = "55P03";
  static final String QUERY_CANCELED = "57014";
  static final String DEADLOCK = "40P01";
  static final String SERIALIZATION = "40001";
  static final String CHECK_VIOLATION = "23514";
  static final String IDLE_IN_TRANSACTION_TIMEOUT = "25P03";

  private SqlStates() {}

  static String of(SQLException e) {
    String state = e.getSQLState();
    return state == null ? "08000" : state;
  }

  /** Lock or statement timeout, deadlock, serialization failure: the same work may pass later. */
  static boolean retryable(String state) {
    return state.equals(LOCK_NOT_AVAILABLE)
        || state.equals(QUERY_CANCELED)
        || state.equals(DEADLOCK)
        || state.equals(SERIALIZATION);
  }

  /** The session is gone or going: connection errors, administrator or crash shutdown. */
  static boolean connectionLost(String state) {
    return state.startsWith("08")
        || state.equals("57P01")
        || state.equals("57P02")
        || state.equals("57P03")
        || state.equals(IDLE_IN_TRANSACTION_TIMEOUT);
  }

  /** The data makes the statement fail: data exceptions and integrity violations. */
  static boolean dataError(String state) {
    return state.startsWith("22") || state.startsWith("23");
  }

  static boolean timeout(String state) {
    return state.equals(LOCK_NOT_AVAILABLE) || state.equals(QUERY_CANCELED);
  }
}
