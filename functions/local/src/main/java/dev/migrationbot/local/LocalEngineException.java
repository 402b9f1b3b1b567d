package dev.migrationbot.local;

/** A local stand-in (embedded PostgreSQL, the ASL engine) cannot be started or failed to run. */
public class LocalEngineException extends RuntimeException {

  public LocalEngineException(String message) {
    super(message);
  }

  public LocalEngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
