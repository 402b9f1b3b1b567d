package dev.migrationbot.github;

import dev.migrationbot.rollout.port.RequestRejectedException;
import dev.migrationbot.rollout.port.RetryLaterException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kohsuke.github.GHAppInstallationToken;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;

/**
 * Installation access tokens of a GitHub App, issued through github-api and cached per installation
 * until shortly before they expire (GitHub issues them for an hour), so a warm function asks for
 * one at most hourly. Everything else goes through {@link GitHubHttp}, which controls every
 * request's timeout and count on the webhook's short path.
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

  /**
   * Issues a token through github-api, authenticated with the App's JWT. Rate and abuse limits fail
   * at once instead of sleeping until the limit resets: a webhook has seconds, not an hour.
   */
  private GHAppInstallationToken issue(long installationId) {
    String what = "creating an access token for installation " + installationId;
    try {
      GitHub asApp =
          new GitHubBuilder()
              .withEndpoint(http.baseUrl().toString())
              .withJwtToken(AppJwt.sign(app.appId(), app.privateKey(), clock.instant()))
              .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
              .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL)
              .build();
      return asApp.getApp().getInstallationById(installationId).createToken().create();
    } catch (HttpException e) {
      if (e.getResponseCode() == 429 || e.getResponseCode() == 403 || e.getResponseCode() >= 500) {
        throw new RetryLaterException(
            GitHubHttp.SERVICE,
            what + " failed with HTTP " + e.getResponseCode(),
            Optional.empty(),
            e);
      }
      throw new RequestRejectedException(
          GitHubHttp.SERVICE, e.getResponseCode(), what + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new RetryLaterException(
          GitHubHttp.SERVICE, what + " failed: " + e.getMessage(), Optional.empty(), e);
    }
  }

  /** A valid token of the installation, from the cache or freshly issued. */
  public synchronized String token(long installationId) {
    Cached cached = cache.get(installationId);
    Instant now = clock.instant();
    if (cached != null && now.isBefore(cached.expiresAt().minus(RENEW_BEFORE))) {
      return cached.token();
    }
    GHAppInstallationToken issued = issue(installationId);
    Instant expiresAt;
    try {
      expiresAt = issued.getExpiresAt().toInstant();
    } catch (IOException e) {
      throw new RequestRejectedException(
          GitHubHttp.SERVICE, 0, "the access token's expires_at is not a time", e);
    }
    String token = issued.getToken();
    if (token == null || token.isBlank()) {
      throw new RequestRejectedException(
          GitHubHttp.SERVICE, 0, "the access token response has no token", null);
    }
    cache.put(installationId, new Cached(token, expiresAt));
    return token;
  }
}
