package dev.migrationbot.rollout.port;

import java.util.Objects;

/**
 * A call to GitHub or AWS that did not do what was asked. Adapters throw only these subclasses, so
 * use-cases can tell "try again later" from "this will not work as asked".
 */
public abstract sealed class ExternalServiceException extends RuntimeException
    permits RetryLaterException, RequestRejectedException {

  private final String service;

  protected ExternalServiceException(String service, String message, Throwable cause) {
    super(service + ": " + message, cause);
    this.service = Objects.requireNonNull(service, "service");
  }

  /** {@code GitHub}, {@code Step Functions}, {@code Secrets Manager}. */
  public String service() {
    return service;
  }
}
