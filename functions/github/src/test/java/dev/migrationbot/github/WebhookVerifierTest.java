package dev.migrationbot.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrationbot.github.InvalidWebhookException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookVerifierTest {

  // GitHub's documented test vector (validating-webhook-deliveries).
  private static final String SECRET = "It's a Secret to Everybody";
  private static final String PAYLOAD = "Hello, World!";
  private static final String SIGNATURE =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  private final WebhookVerifier verifier =
      new WebhookVerifier(SECRET.getBytes(StandardCharsets.UTF_8));

  @Test
  void acceptsGitHubsDocumentedVector() {
    assertThatCode(
            () -> verifier.verify(delivery(Map.of("X-Hub-Signature-256", SIGNATURE), PAYLOAD)))
        .doesNotThrowAnyException();
  }

  @Test
  void headerNamesAreCaseInsensitiveAndHexCaseDoesNotMatter() {
    assertThatCode(
            () ->
                verifier.verify(
                    delivery(
                        Map.of(
                            "x-hub-signature-256",
                            "sha256=" + SIGNATURE.substring(7).toUpperCase()),
                        PAYLOAD)))
        .doesNotThrowAnyException();
  }

  @Test
  void acceptsABase64BodyFromAFunctionUrl() {
    WebhookDelivery delivery =
        WebhookDelivery.fromLambda(
            Map.of("x-hub-signature-256", SIGNATURE),
            Base64.getEncoder().encodeToString(PAYLOAD.getBytes(StandardCharsets.UTF_8)),
            true);
    assertThatCode(() -> verifier.verify(delivery)).doesNotThrowAnyException();
  }

  @Test
  void acceptsARecordedDeliverySignedWithItsSecret() {
    WebhookVerifier fixtureVerifier =
        new WebhookVerifier(WebhookFixtures.SECRET.getBytes(StandardCharsets.UTF_8));
    assertThatCode(
            () ->
                fixtureVerifier.verify(
                    WebhookFixtures.delivery(WebhookParserTest.class, "pullRequestOpened")))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsAChangedBody() {
    assertRejected(
        Map.of("X-Hub-Signature-256", SIGNATURE), "Hello, World?", Reason.SIGNATURE_MISMATCH);
    // One byte more, such as a trailing newline added on the way, breaks the signature too.
    assertRejected(
        Map.of("X-Hub-Signature-256", SIGNATURE), PAYLOAD + "\n", Reason.SIGNATURE_MISMATCH);
  }

  @Test
  void rejectsAnotherSecret() {
    WebhookVerifier other = new WebhookVerifier("another secret".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () -> other.verify(delivery(Map.of("X-Hub-Signature-256", SIGNATURE), PAYLOAD)))
        .isInstanceOfSatisfying(
            InvalidWebhookException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_MISMATCH));
  }

  @Test
  void rejectsAMissingSignatureEvenWithTheLegacySha1One() {
    assertRejected(
        Map.of("X-Hub-Signature", "sha1=a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5"),
        PAYLOAD,
        Reason.SIGNATURE_MISSING);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17ab",
        "sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        ""
      })
  void rejectsMalformedSignatures(String header) {
    assertRejected(Map.of("X-Hub-Signature-256", header), PAYLOAD, Reason.SIGNATURE_MALFORMED);
  }

  @Test
  void rejectsDuplicatedSignatureHeaders() {
    // A function URL joins repeated headers with a comma.
    assertRejected(
        Map.of("x-hub-signature-256", SIGNATURE + "," + SIGNATURE),
        PAYLOAD,
        Reason.SIGNATURE_DUPLICATED);
    // A plain HTTP server keeps them apart.
    WebhookDelivery delivery =
        new WebhookDelivery(
            WebhookHeaders.ofMultiValued(
                Map.of("X-Hub-Signature-256", List.of(SIGNATURE, SIGNATURE))),
            PAYLOAD.getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> verifier.verify(delivery))
        .isInstanceOfSatisfying(
            InvalidWebhookException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_DUPLICATED));
  }

  @Test
  void rejectsBodiesOverTwentyFiveMegabytesBeforeHashing() {
    byte[] huge = new byte[WebhookDelivery.MAX_BODY_BYTES + 1];
    assertThatThrownBy(() -> new WebhookDelivery(WebhookHeaders.of(Map.of()), huge))
        .isInstanceOfSatisfying(
            InvalidWebhookException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    String hugeBase64 = "A".repeat((WebhookDelivery.MAX_BODY_BYTES / 3 + 1) * 4);
    assertThatThrownBy(() -> WebhookDelivery.fromLambda(Map.of(), hugeBase64, true))
        .isInstanceOfSatisfying(
            InvalidWebhookException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
  }

  @Test
  void rejectsABodyThatIsNotBase64() {
    assertThatThrownBy(() -> WebhookDelivery.fromLambda(Map.of(), "not base64!", true))
        .isInstanceOfSatisfying(
            InvalidWebhookException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.BODY_NOT_BASE64));
  }

  @Test
  void refusalsMapToHttpStatuses() {
    assertThat(Reason.SIGNATURE_MISMATCH.httpStatus()).isEqualTo(401);
    assertThat(Reason.TOO_LARGE.httpStatus()).isEqualTo(413);
    assertThat(Reason.UNSUPPORTED_CONTENT_TYPE.httpStatus()).isEqualTo(415);
    assertThat(Reason.BODY_TRUNCATED.httpStatus()).isEqualTo(400);
  }

  @Test
  void refusesToRunWithoutASecret() {
    assertThatThrownBy(() -> new WebhookVerifier(new byte[0]))
        .hasMessageContaining("the webhook secret is empty");
  }

  private void assertRejected(Map<String, String> headers, String body, Reason reason) {
    assertThatThrownBy(() -> verifier.verify(delivery(headers, body)))
        .isInstanceOfSatisfying(
            InvalidWebhookException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static WebhookDelivery delivery(Map<String, String> headers, String body) {
    return WebhookDelivery.fromLambda(headers, body, false);
  }
}
