package dev.migrationbot.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.rollout.config.InvalidConfigException;
import dev.migrationbot.rollout.config.RepositoryConfig;
import dev.migrationbot.rollout.port.RepositoryRef;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GitHubRepositoryConfigsTest {

  @RegisterExtension
  static final WireMockExtension github =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String CONFIG_AT_MAIN =
      "/repos/acme/shop/contents/.github/migration-bot.yml?ref=main";

  private final FakeTime time = new FakeTime(Instant.parse("2026-11-25T10:00:00Z"));
  private final GitHubRepositoryConfigs configs =
      new GitHubRepositoryConfigs(
          GitHubClient.withToken(
              new GitHubHttp(
                  URI.create(github.baseUrl()),
                  HttpClient.newHttpClient(),
                  Duration.ofSeconds(5),
                  Duration.ofSeconds(5),
                  time,
                  time),
              "ghp_test"),
          Set.of("adding-volatile-default"));

  @Test
  void readsTheFileOfTheBaseBranch() {
    github.stubFor(
        get(urlEqualTo(CONFIG_AT_MAIN))
            .willReturn(
                GitHubStub.headers(aResponse().withStatus(200), "4990")
                    .withHeader("Content-Type", "application/vnd.github.raw; charset=utf-8")
                    .withBody("approvals:\n  required: {error: 3}\n")));

    RepositoryConfig config = configs.load(RepositoryRef.of("acme", "shop"), "main");

    assertThat(config.approvals().required().get(Severity.ERROR)).isEqualTo(3);
  }

  @Test
  void noFileMeansTheDefaults() {
    github.stubFor(
        get(urlEqualTo(CONFIG_AT_MAIN)).willReturn(GitHubStub.json(404, "not-found.json")));

    assertThat(configs.load(RepositoryRef.of("acme", "shop"), "main"))
        .isEqualTo(RepositoryConfig.DEFAULT);
  }

  @Test
  void anInvalidFileIsReportedWithItsLines() {
    github.stubFor(
        get(urlEqualTo(CONFIG_AT_MAIN))
            .willReturn(
                GitHubStub.headers(aResponse().withStatus(200), "4990")
                    .withHeader("Content-Type", "application/vnd.github.raw; charset=utf-8")
                    .withBody("rules:\n  adding-volatile-defaults: off\n")));

    assertThatThrownBy(() -> configs.load(RepositoryRef.of("acme", "shop"), "main"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            ".github/migration-bot.yml:2:3: unknown rule 'adding-volatile-defaults'; did you mean"
                + " 'adding-volatile-default'?");
  }
}
