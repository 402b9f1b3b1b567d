package dev.migrationbot.github;

import dev.migrationbot.github.InvalidWebhookException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request to the webhook: its headers and the exact bytes of its body, which the signature
 * covers.
 */
public record WebhookDelivery(WebhookHeaders headers, byte[] body) {

  /** GitHub caps webhook payloads at 25 MB; anything bigger did not come from GitHub. */
  public static final int MAX_BODY_BYTES = 25 * 1024 * 1024;

  private static final int MAX_BASE64_CHARS = (MAX_BODY_BYTES + 2) / 3 * 4;

  public WebhookDelivery {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    if (body.length > MAX_BODY_BYTES) {
      throw tooLarge(body.length);
    }
  }

  /**
   * From a Lambda function URL (or API Gateway HTTP API v2) event, whose body is base64 when {@code
   * isBase64Encoded} is set. The size is checked before anything is decoded.
   */
  public static WebhookDelivery fromLambda(
      Map<String, String> headers, String body, boolean base64Encoded) {
    String text = body == null ? "" : body;
    if (!base64Encoded) {
      if (text.length() > MAX_BODY_BYTES) {
        throw tooLarge(text.length());
      }
      return new WebhookDelivery(WebhookHeaders.of(headers), text.getBytes(StandardCharsets.UTF_8));
    }
    if (text.length() > MAX_BASE64_CHARS) {
      throw tooLarge(text.length() / 4L * 3);
    }
    try {
      return new WebhookDelivery(WebhookHeaders.of(headers), Base64.getDecoder().decode(text));
    } catch (IllegalArgumentException e) {
      throw new InvalidWebhookException(
          Reason.BODY_NOT_BASE64, "the event says the body is base64, but it is not", e);
    }
  }

  private static InvalidWebhookException tooLarge(long bytes) {
    return new InvalidWebhookException(
        Reason.TOO_LARGE,
        "the body has " + bytes + " bytes; GitHub sends at most " + MAX_BODY_BYTES);
  }
}
