package dev.migrationbot.rollout.port;

import java.time.Instant;
import java.util.Optional;

/**
 * The service is unavailable or rate-limits us, and waiting for it would exceed the time budget.
 * The same call later is expected to work; {@link #retryAt()} says when, if the service said.
 */
public final class RetryLaterException extends ExternalServiceException {

  private final Optional<Instant> retryAt;

  public RetryLaterException(
      String service, String message, Optional<Instant> retryAt, Throwable cause) {
    super(service, message + retryAt.map(at -> "; retry after " + at).orElse(""), cause);
    this.retryAt = retryAt;
  }

  public Optional<Instant> retryAt() {
    return retryAt;
  }
}
