package dev.migrationbot.rollout.port;

/**
 * The database could not be reached or is not the primary right now; the same call later may
 * succeed. Every step is resumable, so the workflow retries it.
 */
public final class TransientFailureException extends RuntimeException {

  public TransientFailureException(String message, Throwable cause) {
    super(message, cause);
  }

  public TransientFailureException(String message) {
    super(message);
  }
}
