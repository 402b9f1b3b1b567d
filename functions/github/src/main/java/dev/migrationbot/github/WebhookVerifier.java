package dev.migrationbot.github;

import dev.migrationbot.github.InvalidWebhookException.Reason;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a delivery comes from GitHub: {@code X-Hub-Signature-256} must be {@code sha256=} and
 * the HMAC-SHA256 of the exact body bytes under the webhook secret. Unlike bots that accept
 * unsigned deliveries when no secret is configured, there is no way to turn the check off.
 */
public final class WebhookVerifier {

  static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
  private static final String ALGORITHM = "HmacSHA256";
  private static final Pattern SIGNATURE = Pattern.compile("sha256=[0-9a-fA-F]{64}");

  private final SecretKeySpec key;

  /**
   * @param secret the webhook secret as configured on GitHub (UTF-8 bytes of the text)
   */
  public WebhookVerifier(byte[] secret) {
    if (secret.length == 0) {
      throw new IllegalArgumentException(
          "the webhook secret is empty: set one on the GitHub App and in the bot's secret");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
  }

  /**
   * @throws InvalidWebhookException when the signature is missing, repeated, malformed or wrong, or
   *     the body is larger than GitHub sends (checked before hashing)
   */
  public void verify(WebhookDelivery delivery) {
    String signature =
        delivery
            .headers()
            .single(SIGNATURE_HEADER, true, Reason.SIGNATURE_DUPLICATED)
            .orElseThrow(
                () ->
                    new InvalidWebhookException(
                        Reason.SIGNATURE_MISSING,
                        "no "
                            + SIGNATURE_HEADER
                            + " header: set the webhook secret on the GitHub App"));
    if (!SIGNATURE.matcher(signature).matches()) {
      throw new InvalidWebhookException(
          Reason.SIGNATURE_MALFORMED,
          SIGNATURE_HEADER + " must be sha256= followed by 64 hex digits");
    }
    byte[] expected = hmac(delivery.body());
    byte[] given = HexFormat.of().parseHex(signature.substring("sha256=".length()));
    if (!MessageDigest.isEqual(expected, given)) {
      throw new InvalidWebhookException(
          Reason.SIGNATURE_MISMATCH,
          SIGNATURE_HEADER
              + " does not match the body: the delivery was not signed with this webhook secret");
    }
  }

  private byte[] hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java runtime provides " + ALGORITHM, e);
    }
  }
}
