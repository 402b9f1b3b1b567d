package dev.migrationbot.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.migrationbot.rollout.port.RequestRejectedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Installation access tokens of a GitHub App, cached per installation until shortly before they
 * expire (GitHub issues them for an hour), so a warm function asks for one at most hourly.
 */
public final class InstallationTokens {

  /** Renew this long before expiry, so a token never runs out in the middle of a delivery. */
  static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

  private record Cached(String token, Instant expiresAt) {}

  private final GitHubHttp http;
  private final GitHubCredentials.App app;
  private final Clock clock;
  private final Map<Long, Cached> cache = new HashMap<>();

  public InstallationTokens(GitHubHttp http, GitHubCredentials.App app, Clock clock) {
    this.http = Objects.requireNonNull(http, "http");
    this.app = Objects.requireNonNull(app, "app");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** {@code Bearer <JWT>}, for the App's own endpoints ({@code /app}, access tokens). */
  public String appAuthorization() {
    return "Bearer " + AppJwt.sign(app.appId(), app.privateKey(), clock.instant());
  }

  /** A valid token of the installation, from the cache or freshly issued. */
  public synchronized String token(long installationId) {
    Cached cached = cache.get(installationId);
    Instant now = clock.instant();
    if (cached != null && now.isBefore(cached.expiresAt().minus(RENEW_BEFORE))) {
      return cached.token();
    }
    GitHubHttp.Response response =
        http.expectOk(
            // Asking twice for a token only issues two tokens: safe to retry.
            GitHubHttp.Request.send(
                "POST",
                "/app/installations/" + installationId + "/access_tokens",
                Map.of(),
                true,
                this::appAuthorization),
            "creating an access token for installation " + installationId);
    JsonNode body = http.json(response);
    if (!body.path("token").isTextual() || !body.path("expires_at").isTextual()) {
      throw new RequestRejectedException(
          GitHubHttp.SERVICE, response.status(), "the access token response has no token", null);
    }
    Instant expiresAt;
    try {
      expiresAt = Instant.parse(body.path("expires_at").asText());
    } catch (DateTimeParseException e) {
      throw new RequestRejectedException(
          GitHubHttp.SERVICE, response.status(), "the access token's expires_at is not a time", e);
    }
    cache.put(installationId, new Cached(body.path("token").asText(), expiresAt));
    return body.path("token").asText();
  }
}
