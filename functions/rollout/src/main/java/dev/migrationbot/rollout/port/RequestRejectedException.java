package dev.migrationbot.rollout.port;

/**
 * The service refused the request (missing permission, invalid input, unknown resource); repeating
 * it unchanged will fail again. The message says what was refused and, where known, what to change.
 */
public final class RequestRejectedException extends ExternalServiceException {

  private final int status;

  /**
   * @param status the HTTP status the service answered with
   */
  public RequestRejectedException(String service, int status, String message, Throwable cause) {
    super(service, message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
