package dev.migrationbot.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migrationbot.rollout.port.RequestRejectedException;
import dev.migrationbot.rollout.port.RetryLaterException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's REST API over HTTP: the headers GitHub asks for, a timeout on every request, and retries
 * of server errors and rate limits within a time budget, honouring {@code Retry-After} and {@code
 * x-ratelimit-reset}. When waiting would exceed the budget it throws {@link RetryLaterException}
 * saying when to try again; other refusals become {@link RequestRejectedException} with GitHub's
 * message.
 */
public final class GitHubHttp {

  static final String SERVICE = "GitHub";
  private static final String API_VERSION = "2022-11-28";
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(4);

  /** GitHub: without a hint, wait at least a minute after a secondary rate limit. */
  private static final Duration SECONDARY_LIMIT_WAIT = Duration.ofMinutes(1);

  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");

  private final URI baseUrl;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final Duration retryBudget;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param baseUrl {@code https://api.github.com}, or {@code https://HOST/api/v3} for GitHub
   *     Enterprise Server
   * @param requestTimeout the longest one request may take, connection included
   * @param retryBudget the longest the retries of one request may wait in total
   */
  public GitHubHttp(
      URI baseUrl,
      HttpClient http,
      Duration requestTimeout,
      Duration retryBudget,
      Clock clock,
      Sleeper sleeper) {
    String base = baseUrl.toString();
    this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    this.http = Objects.requireNonNull(http, "http");
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.retryBudget = Objects.requireNonNull(retryBudget, "retryBudget");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** A client with GitHub's usual timeouts and the real clock. */
  /** The API root requests go to, without a trailing slash. */
  public URI baseUrl() {
    return baseUrl;
  }

  public static GitHubHttp create(URI baseUrl, Duration retryBudget) {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new GitHubHttp(
        baseUrl, client, Duration.ofSeconds(8), retryBudget, Clock.systemUTC(), Sleeper.REAL);
  }

  /**
   * One REST call.
   *
   * @param pathOrUrl a path below the base URL ({@code /repos/o/r/...}), or a full URL GitHub
   *     returned in a {@code Link} header
   * @param body the JSON body, if any
   * @param accept the media type; GitHub's JSON unless a raw representation is wanted
   * @param repeatable whether sending the request twice does no harm, so a server error or a
   *     connection failure may be retried (rate-limited requests were not processed and are always
   *     retried)
   */
  public record Request(
      String method,
      String pathOrUrl,
      Optional<Object> body,
      String accept,
      boolean repeatable,
      Supplier<String> authorization) {

    static final String JSON = "application/vnd.github+json";

    public static Request get(String path, Supplier<String> authorization) {
      return new Request("GET", path, Optional.empty(), JSON, true, authorization);
    }

    public static Request send(
        String method,
        String path,
        Object body,
        boolean repeatable,
        Supplier<String> authorization) {
      return new Request(method, path, Optional.of(body), JSON, repeatable, authorization);
    }

    public Request accepting(String mediaType) {
      return new Request(method, pathOrUrl, body, mediaType, repeatable, authorization);
    }
  }

  /** A response GitHub gave, after retries. */
  public record Response(int status, HttpHeaders headers, byte[] body) {
    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The URL of the next page, from the {@code Link} header. */
    public Optional<String> nextPage() {
      return header("Link")
          .flatMap(
              link -> {
                Matcher matcher = NEXT_LINK.matcher(link);
                return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
              });
    }
  }

  /** Sends the request, retrying within the budget, and returns GitHub's final answer. */
  public Response send(Request request) {
    URI uri = resolve(request.pathOrUrl());
    Optional<byte[]> payload = request.body().map(this::serialize);
    Instant deadline = clock.instant().plus(retryBudget);
    for (int attempt = 0; ; attempt++) {
      Response response;
      try {
        response = exchange(request, uri, payload);
      } catch (IOException e) {
        if (!request.repeatable()) {
          throw new RetryLaterException(
              SERVICE,
              request.method()
                  + " "
                  + uri.getPath()
                  + " failed ("
                  + e.getMessage()
                  + "); it may or may not have taken effect",
              Optional.empty(),
              e);
        }
        waitOrGiveUp(request, uri, backoff(attempt), deadline, "did not answer (" + e + ")", e);
        continue;
      }
      Optional<Duration> rateLimitWait = rateLimitWait(response);
      if (rateLimitWait.isPresent()) {
        waitOrGiveUp(
            request,
            uri,
            rateLimitWait.get(),
            deadline,
            "rate-limited us (" + response.status() + ")",
            null);
      } else if (response.status() >= 500 && request.repeatable()) {
        Duration wait = retryAfter(response).orElse(backoff(attempt));
        waitOrGiveUp(request, uri, wait, deadline, "answered " + response.status(), null);
      } else if (response.status() >= 500) {
        throw new RetryLaterException(
            SERVICE,
            "GitHub answered "
                + response.status()
                + " to "
                + request.method()
                + " "
                + uri.getPath()
                + "; it may or may not have taken effect",
            retryAfter(response).map(clock.instant()::plus),
            null);
      } else {
        return response;
      }
    }
  }

  /** Sends the request and requires a 2xx answer. */
  public Response expectOk(Request request, String what) {
    Response response = send(request);
    if (!response.ok()) {
      throw rejected(response, what);
    }
    return response;
  }

  /** A GET that follows {@code Link: rel="next"} pages and returns every page's array items. */
  public List<JsonNode> getAllPages(Request first, String what) {
    List<JsonNode> items = new ArrayList<>();
    Request request = first;
    while (true) {
      Response response = expectOk(request, what);
      JsonNode page = json(response);
      if (!page.isArray()) {
        throw new RequestRejectedException(
            SERVICE, response.status(), what + ": expected a JSON array from GitHub", null);
      }
      page.forEach(items::add);
      Optional<String> next = response.nextPage();
      if (next.isEmpty()) {
        return items;
      }
      request =
          new Request(
              "GET", next.get(), Optional.empty(), first.accept(), true, first.authorization());
    }
  }

  public JsonNode json(Response response) {
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new RequestRejectedException(
          SERVICE, response.status(), "GitHub answered with something that is not JSON", e);
    }
  }

  /** The exception for a refusal, with GitHub's own message and documentation link. */
  public RequestRejectedException rejected(Response response, String what) {
    String detail = "";
    try {
      JsonNode body = json.readTree(response.body());
      if (body != null && body.path("message").isTextual()) {
        detail = ": " + body.path("message").asText();
        if (body.path("errors").isArray() && body.path("errors").size() > 0) {
          detail += " " + body.path("errors");
        }
        if (body.path("documentation_url").isTextual()) {
          detail += " (see " + body.path("documentation_url").asText() + ")";
        }
      }
    } catch (IOException e) {
      // Not JSON (a proxy's error page): the status says enough.
    }
    return new RequestRejectedException(
        SERVICE,
        response.status(),
        what + " failed with " + response.status() + detail + hint(response.status()),
        null);
  }

  private static String hint(int status) {
    switch (status) {
      case 401:
        return "; the token or App credentials are not valid";
      case 403:
        return "; the App lacks a permission for this (see its settings)";
      case 404:
        return "; it does not exist or the App is not installed on the repository";
      default:
        return "";
    }
  }

  private byte[] serialize(Object body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("request body cannot be written as JSON: " + body, e);
    }
  }

  private Response exchange(Request request, URI uri, Optional<byte[]> payload) throws IOException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Accept", request.accept())
            .header("X-GitHub-Api-Version", API_VERSION)
            .header("User-Agent", "migration-bot")
            .header("Authorization", request.authorization().get());
    if (payload.isPresent()) {
      builder
          .header("Content-Type", "application/json")
          .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(payload.get()));
    } else {
      builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<byte[]> response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(response.statusCode(), response.headers(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private URI resolve(String pathOrUrl) {
    if (pathOrUrl.startsWith("/")) {
      return URI.create(baseUrl + pathOrUrl);
    }
    URI uri = URI.create(pathOrUrl);
    // Pagination links come from GitHub; never send the token to another host.
    if (!Objects.equals(uri.getHost(), baseUrl.getHost())
        || uri.getPort() != baseUrl.getPort()
        || !Objects.equals(uri.getScheme(), baseUrl.getScheme())) {
      throw new RequestRejectedException(
          SERVICE, 0, "refusing to follow a link to another host: " + uri.getHost(), null);
    }
    return uri;
  }

  private void waitOrGiveUp(
      Request request, URI uri, Duration wait, Instant deadline, String what, Throwable cause) {
    Instant now = clock.instant();
    Instant retryAt = now.plus(wait);
    if (retryAt.isAfter(deadline)) {
      throw new RetryLaterException(
          SERVICE,
          "GitHub " + what + " for " + request.method() + " " + uri.getPath(),
          Optional.of(retryAt),
          cause);
    }
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryLaterException(
          SERVICE, "interrupted while waiting for GitHub", Optional.of(retryAt), e);
    }
  }

  private Optional<Duration> rateLimitWait(Response response) {
    if (response.status() != 403 && response.status() != 429) {
      return Optional.empty();
    }
    Optional<Duration> retryAfter = retryAfter(response);
    if (retryAfter.isPresent()) {
      return retryAfter;
    }
    if (response
        .header("x-ratelimit-remaining")
        .map(String::trim)
        .filter("0"::equals)
        .isPresent()) {
      OptionalLong reset = epochSeconds(response.header("x-ratelimit-reset"));
      if (reset.isPresent()) {
        Duration untilReset =
            Duration.between(clock.instant(), Instant.ofEpochSecond(reset.getAsLong()));
        // One second more: the reset time is rounded down to the second.
        return Optional.of((untilReset.isNegative() ? Duration.ZERO : untilReset).plusSeconds(1));
      }
      return Optional.of(SECONDARY_LIMIT_WAIT);
    }
    if (response.status() == 429
        || new String(response.body(), StandardCharsets.UTF_8)
            .toLowerCase(Locale.ROOT)
            .contains("secondary rate limit")) {
      return Optional.of(SECONDARY_LIMIT_WAIT);
    }
    // A plain 403 is a missing permission, not a limit.
    return Optional.empty();
  }

  private static Optional<Duration> retryAfter(Response response) {
    OptionalLong seconds = epochSeconds(response.header("Retry-After"));
    return seconds.isPresent()
        ? Optional.of(Duration.ofSeconds(Math.max(0, seconds.getAsLong())))
        : Optional.empty();
  }

  private static OptionalLong epochSeconds(Optional<String> header) {
    if (header.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(header.get().trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  private static Duration backoff(int attempt) {
    Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt, 10));
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }
}
