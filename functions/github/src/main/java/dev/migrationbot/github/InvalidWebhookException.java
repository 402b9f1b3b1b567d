package dev.migrationbot.github;

import java.util.Objects;

/**
 * A delivery the bot refuses before acting on it. {@link Reason#httpStatus()} is what the webhook
 * answers; the message says what was wrong without echoing the body.
 */
public final class InvalidWebhookException extends RuntimeException {

  private final Reason reason;

  public InvalidWebhookException(Reason reason, String message) {
    this(reason, message, null);
  }

  public InvalidWebhookException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }

  public enum Reason {
    /** No {@code X-Hub-Signature-256}: the sender does not know the secret, or none is set. */
    SIGNATURE_MISSING(401),
    /** The header is not {@code sha256=} and 64 hex digits. */
    SIGNATURE_MALFORMED(401),
    /** More than one signature header: ambiguous, so refused. */
    SIGNATURE_DUPLICATED(401),
    /** The body was not signed with our secret, or was changed on the way. */
    SIGNATURE_MISMATCH(401),
    /** Bigger than GitHub ever sends (25 MB). */
    TOO_LARGE(413),
    /** The webhook sends form-encoded payloads; it must send JSON. */
    UNSUPPORTED_CONTENT_TYPE(415),
    /** A header GitHub always sends is missing or repeated. */
    HEADER_INVALID(400),
    /** The body is not valid base64 although the event says it is. */
    BODY_NOT_BASE64(400),
    /** The body is not JSON, or not a JSON object. */
    BODY_NOT_JSON(400),
    /** The body ends in the middle of the JSON. */
    BODY_TRUNCATED(400),
    /** A field the event type always has is missing or has the wrong type. */
    FIELD_INVALID(400);

    private final int httpStatus;

    Reason(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    public int httpStatus() {
      return httpStatus;
    }
  }
}
