package dev.migrationbot.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.migrationbot.github.GitHubStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.migrationbot.github.GitHubHttp.Request;
import dev.migrationbot.rollout.port.RequestRejectedException;
import dev.migrationbot.rollout.port.RetryLaterException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GitHubHttpTest {

  @RegisterExtension
  static final WireMockExtension github =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String PERMISSION = "/repos/acme/shop/collaborators/bob/permission";
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  private final FakeTime time = new FakeTime(NOW);

  private GitHubHttp http(Duration requestTimeout, Duration budget) {
    return new GitHubHttp(
        URI.create(github.baseUrl()),
        HttpClient.newHttpClient(),
        requestTimeout,
        budget,
        time,
        time);
  }

  private GitHubHttp http() {
    return http(Duration.ofSeconds(5), Duration.ofSeconds(8));
  }

  private static Request permission() {
    return Request.get(PERMISSION, () -> "Bearer ghs_test");
  }

  @Test
  void retriesServerErrorsWithGrowingPauses() {
    github.stubFor(
        get(urlEqualTo(PERMISSION))
            .inScenario("flaky")
            .whenScenarioStateIs(STARTED)
            .willReturn(json(502, "server-error.json"))
            .willSetStateTo("still flaky"));
    github.stubFor(
        get(urlEqualTo(PERMISSION))
            .inScenario("flaky")
            .whenScenarioStateIs("still flaky")
            .willReturn(json(503, "server-error.json"))
            .willSetStateTo("up"));
    github.stubFor(
        get(urlEqualTo(PERMISSION))
            .inScenario("flaky")
            .whenScenarioStateIs("up")
            .willReturn(json(200, "permission-maintain.json")));

    assertThat(http().send(permission()).status()).isEqualTo(200);

    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
    github.verify(3, getRequestedFor(urlEqualTo(PERMISSION)));
  }

  @Test
  void honoursRetryAfterOfASecondaryRateLimit() {
    github.stubFor(
        get(urlEqualTo(PERMISSION))
            .inScenario("limited")
            .whenScenarioStateIs(STARTED)
            .willReturn(json(403, "secondary-rate-limit.json").withHeader("Retry-After", "3"))
            .willSetStateTo("ok"));
    github.stubFor(
        get(urlEqualTo(PERMISSION))
            .inScenario("limited")
            .whenScenarioStateIs("ok")
            .willReturn(json(200, "permission-maintain.json")));

    assertThat(http().send(permission()).status()).isEqualTo(200);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void waitsForAPrimaryRateLimitResetWithinTheBudget() {
    long reset = NOW.plusSeconds(5).getEpochSecond();
    github.stubFor(
        get(urlEqualTo(PERMISSION))
            .inScenario("exhausted")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                GitHubStub.headers(aResponse().withStatus(403), "0", reset)
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(GitHubStub.fixture("rate-limited.json")))
            .willSetStateTo("reset"));
    github.stubFor(
        get(urlEqualTo(PERMISSION))
            .inScenario("exhausted")
            .whenScenarioStateIs("reset")
            .willReturn(json(200, "permission-maintain.json")));

    assertThat(http().send(permission()).status()).isEqualTo(200);

    // Until the reset, plus a second because GitHub rounds the reset time down.
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(6));
  }

  @Test
  void saysWhenToRetryWhenTheRateLimitResetsBeyondTheBudget() {
    github.stubFor(get(urlEqualTo(PERMISSION)).willReturn(json(403, "rate-limited.json", "0")));

    assertThatThrownBy(() -> http().send(permission()))
        .isInstanceOfSatisfying(
            RetryLaterException.class,
            e -> {
              assertThat(e.retryAt())
                  .contains(Instant.ofEpochSecond(GitHubStub.RATE_LIMIT_RESET).plusSeconds(1));
              assertThat(e)
                  .hasMessage(
                      "GitHub: GitHub rate-limited us (403) for GET "
                          + PERMISSION
                          + "; retry after 2026-11-25T11:00:01Z");
            });
    assertThat(time.sleeps()).isEmpty();
    github.verify(1, getRequestedFor(urlEqualTo(PERMISSION)));
  }

  @Test
  void aBare429WaitsAMinute() {
    github.stubFor(
        get(urlEqualTo(PERMISSION))
            .willReturn(GitHubStub.headers(aResponse().withStatus(429), "4000")));

    assertThatThrownBy(() -> http().send(permission()))
        .isInstanceOfSatisfying(
            RetryLaterException.class,
            e -> assertThat(e.retryAt()).contains(NOW.plus(Duration.ofMinutes(1))));
  }

  @Test
  void givesUpOnServerErrorsAtTheEndOfTheBudget() {
    github.stubFor(get(urlEqualTo(PERMISSION)).willReturn(json(502, "server-error.json")));

    assertThatThrownBy(() -> http().send(permission()))
        .isInstanceOfSatisfying(
            RetryLaterException.class,
            e -> {
              assertThat(e)
                  .hasMessageStartingWith("GitHub: GitHub answered 502 for GET " + PERMISSION);
              assertThat(e.retryAt()).isPresent();
            });
    // 0.25 + 0.5 + 1 + 2 + 4 = 7.75 s of the 8 s budget; the next pause would exceed it.
    assertThat(time.sleeps())
        .containsExactly(
            Duration.ofMillis(250),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4));
    github.verify(6, getRequestedFor(urlEqualTo(PERMISSION)));
  }

  @Test
  void aCreationThatFailedIsNotRepeated() {
    github.stubFor(
        post(urlEqualTo("/repos/acme/shop/issues/7/comments"))
            .willReturn(json(502, "server-error.json")));

    assertThatThrownBy(
            () ->
                http()
                    .send(
                        Request.send(
                            "POST",
                            "/repos/acme/shop/issues/7/comments",
                            Map.of("body", "x"),
                            false,
                            () -> "Bearer ghs_test")))
        .isInstanceOf(RetryLaterException.class)
        .hasMessageContaining("it may or may not have taken effect");
    assertThat(github.getAllServeEvents()).hasSize(1);
  }

  @Test
  void retriesDroppedConnections() {
    github.stubFor(
        get(urlEqualTo(PERMISSION))
            .inScenario("reset")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("ok"));
    github.stubFor(
        get(urlEqualTo(PERMISSION))
            .inScenario("reset")
            .whenScenarioStateIs("ok")
            .willReturn(json(200, "permission-maintain.json")));

    assertThat(http().send(permission()).status()).isEqualTo(200);
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(250));
  }

  @Test
  void aSlowAnswerTimesOut() {
    github.stubFor(
        get(urlEqualTo(PERMISSION))
            .willReturn(json(200, "permission-maintain.json").withFixedDelay(2_000)));

    assertThatThrownBy(() -> http(Duration.ofMillis(200), Duration.ofSeconds(1)).send(permission()))
        .isInstanceOf(RetryLaterException.class)
        .hasMessageContaining("did not answer")
        .hasRootCauseInstanceOf(HttpTimeoutException.class);
    // 0.25 + 0.5 s of pauses; a third would end after the 1 s budget.
    github.verify(3, getRequestedFor(urlEqualTo(PERMISSION)));
  }

  @Test
  void theProductionClientTalksToTheConfiguredEndpoint() {
    github.stubFor(get(urlEqualTo(PERMISSION)).willReturn(json(200, "permission-maintain.json")));

    assertThat(
            GitHubHttp.create(URI.create(github.baseUrl()), Duration.ofSeconds(2))
                .send(permission())
                .status())
        .isEqualTo(200);
  }

  @Test
  void neverFollowsLinksToAnotherHost() {
    github.stubFor(
        get(urlEqualTo("/repos/acme/shop/pulls/7/files?per_page=100"))
            .willReturn(
                json(200, "pull-files-page-1.json")
                    .withHeader("Link", "<https://elsewhere.example/steal?page=2>; rel=\"next\"")));

    assertThatThrownBy(
            () ->
                http()
                    .getAllPages(
                        Request.get(
                            "/repos/acme/shop/pulls/7/files?per_page=100", () -> "Bearer x"),
                        "listing files"))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessageContaining("refusing to follow a link to another host: elsewhere.example");
  }
}
