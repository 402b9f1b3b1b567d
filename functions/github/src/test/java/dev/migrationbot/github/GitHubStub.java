package dev.migrationbot.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Responses shaped like github.com's: JSON bodies from fixtures and the headers GitHub sends. */
final class GitHubStub {

  /** When the fixtures' rate-limit window resets: 2026-11-25T11:00:00Z. */
  static final long RATE_LIMIT_RESET = 1_795_604_400L;

  private GitHubStub() {}

  static ResponseDefinitionBuilder json(int status, String fixture) {
    return json(status, fixture, "4987");
  }

  /** A JSON response whose rate-limit window has {@code remaining} requests left. */
  static ResponseDefinitionBuilder json(int status, String fixture, String remaining) {
    return headers(aResponse().withStatus(status), remaining)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(fixture(fixture));
  }

  /** GitHub's rate-limit headers, with the given remaining count. */
  static ResponseDefinitionBuilder headers(ResponseDefinitionBuilder response, String remaining) {
    return headers(response, remaining, RATE_LIMIT_RESET);
  }

  /** GitHub's rate-limit headers, for a window that resets at {@code reset} (epoch seconds). */
  static ResponseDefinitionBuilder headers(
      ResponseDefinitionBuilder response, String remaining, long reset) {
    return response
        .withHeader("Server", "github.com")
        .withHeader("X-GitHub-Api-Version-Selected", "2022-11-28")
        .withHeader("X-GitHub-Media-Type", "github.v3; format=json")
        .withHeader("X-RateLimit-Limit", "5000")
        .withHeader("X-RateLimit-Remaining", remaining)
        .withHeader("X-RateLimit-Reset", String.valueOf(reset))
        .withHeader("X-RateLimit-Used", String.valueOf(5000 - Integer.parseInt(remaining)))
        .withHeader("X-RateLimit-Resource", "core")
        .withHeader("X-GitHub-Request-Id", "8C2A:3B7F:1C4E2D:1E8A0B:6745A1B2");
  }

  static String fixture(String name) {
    String path = "GitHubClientTest/" + name;
    try (InputStream in = GitHubStub.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
