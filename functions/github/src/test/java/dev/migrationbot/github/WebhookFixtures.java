package dev.migrationbot.github;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recorded-shape deliveries: {@code <TestClass>/<name>.json} holds the body exactly as signed and
 * {@code <name>.headers} the headers GitHub sends with it, signed with {@link #SECRET}.
 */
final class WebhookFixtures {

  static final String SECRET = "webhook-fixture-secret";

  private WebhookFixtures() {}

  static Map<String, String> headers(Class<?> test, String name) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line :
        new String(read(test, name + ".headers"), StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    return headers;
  }

  static byte[] body(Class<?> test, String name) {
    return read(test, name + ".json");
  }

  /** The delivery as a Lambda function URL passes it on: lower-case header names. */
  static WebhookDelivery delivery(Class<?> test, String name) {
    Map<String, String> lower = new LinkedHashMap<>();
    headers(test, name).forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
    return new WebhookDelivery(WebhookHeaders.of(lower), body(test, name));
  }

  private static byte[] read(Class<?> test, String file) {
    String path = test.getSimpleName() + "/" + file;
    try (InputStream in = test.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
