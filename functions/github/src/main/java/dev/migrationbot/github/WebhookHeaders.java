package dev.migrationbot.github;

import dev.migrationbot.github.InvalidWebhookException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * HTTP request headers with case-insensitive names, as a webhook receives them: Lambda function
 * URLs lower-case the names and join repeated headers with commas, a plain HTTP server keeps every
 * value apart. Both shapes are kept, so a repeated header is always noticed.
 */
public final class WebhookHeaders {

  private final Map<String, List<String>> values;

  private WebhookHeaders(Map<String, List<String>> values) {
    this.values = values;
  }

  /** Headers as a Lambda function URL or API Gateway HTTP API (v2) event carries them. */
  public static WebhookHeaders of(Map<String, String> headers) {
    Map<String, List<String>> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(
        (name, value) -> values.computeIfAbsent(name, n -> new ArrayList<>()).add(value));
    return new WebhookHeaders(values);
  }

  /** Headers with every value kept apart, as {@code com.sun.net.httpserver} hands them over. */
  public static WebhookHeaders ofMultiValued(Map<String, List<String>> headers) {
    Map<String, List<String>> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(
        (name, list) -> values.computeIfAbsent(name, n -> new ArrayList<>()).addAll(list));
    return new WebhookHeaders(values);
  }

  /**
   * The header's only value.
   *
   * @param commaJoined whether a comma in the value means the header was repeated and joined (true
   *     for single-token headers such as signatures and ids)
   * @throws InvalidWebhookException with {@code duplicated} as reason when the header is repeated
   */
  public Optional<String> single(String name, boolean commaJoined, Reason duplicated) {
    List<String> list = values.getOrDefault(name, List.of());
    if (list.isEmpty()) {
      return Optional.empty();
    }
    if (list.size() > 1 || (commaJoined && list.get(0).contains(","))) {
      throw new InvalidWebhookException(
          duplicated, "header " + name.toLowerCase(Locale.ROOT) + " is sent more than once");
    }
    return Optional.of(list.get(0).trim());
  }
}
