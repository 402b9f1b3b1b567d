package dev.migrationbot.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code serve} as a developer runs it: the command line starts a server on a free port, GitHub's
 * signed deliveries are POSTed to it over HTTP, and the bot talks to a WireMock GitHub.
 */
class ServeCommandTest {

  @RegisterExtension
  static final WireMockExtension github =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "serve-webhook-secret";
  private static final String REPO = "/repos/Codertocat/Hello-World";
  private static final String HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
  private static final String MIGRATION = "db/migrations/V2__orders_status_idx.sql";
  private static final Pattern LISTENING = Pattern.compile("listening on (http://127.0.0.1:\\d+/)");

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Thread> servers = new ArrayList<>();

  @AfterEach
  void stopServers() throws InterruptedException {
    for (Thread server : servers) {
      server.interrupt();
      server.join(5_000);
    }
  }

  @Test
  void anOpenedPullRequestGetsItsCommentAndCheckRun() throws Exception {
    stubGitHub();
    URI bot =
        serve(
            Map.of("MIGRATION_BOT_WEBHOOK_SECRET", SECRET),
            "--port",
            "0",
            "--github-api-url",
            github.baseUrl(),
            "--github-token",
            "ghp_serve");

    HttpResponse<String> response = deliver(bot, "pull_request", fixture(), sign(fixture()));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    github.verify(1, postRequestedFor(urlEqualTo(REPO + "/issues/2/comments")));
    github.verify(1, postRequestedFor(urlEqualTo(REPO + "/check-runs")));
    JsonNode comment =
        JSON.readTree(
            github
                .findAll(postRequestedFor(urlEqualTo(REPO + "/issues/2/comments")))
                .get(0)
                .getBodyAsString());
    assertThat(comment.path("body").asText())
        .startsWith("<!-- migration-bot -->")
        .contains("CREATE INDEX CONCURRENTLY");
    JsonNode check =
        JSON.readTree(
            github
                .findAll(postRequestedFor(urlEqualTo(REPO + "/check-runs")))
                .get(0)
                .getBodyAsString());
    assertThat(check.path("head_sha").asText()).isEqualTo(HEAD);
  }

  @Test
  void aWrongSignatureIsRejectedWithoutCallingGitHub() throws Exception {
    URI bot = serveAgainst(github.baseUrl());

    HttpResponse<String> response =
        deliver(bot, "pull_request", fixture(), "sha256=" + "0".repeat(64));

    assertThat(response.statusCode()).isEqualTo(401);
    github.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void anUnreachableGitHubGetsA5xxNamingGitHubWithinTenSeconds() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    URI bot = serveAgainst("http://127.0.0.1:" + closedPort);

    long start = System.nanoTime();
    HttpResponse<String> response = deliver(bot, "pull_request", fixture(), sign(fixture()));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(response.statusCode()).isBetween(500, 599);
    assertThat(response.body()).contains("GitHub").contains("redeliver");
    assertThat(took).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void otherPathsAndMethodsAreTurnedAway() throws Exception {
    URI bot = serveAgainst(github.baseUrl());

    HttpResponse<String> get =
        http.send(HttpRequest.newBuilder(bot).GET().build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> elsewhere =
        http.send(
            HttpRequest.newBuilder(bot.resolve("/hooks"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).contains("POST");
    assertThat(get.body()).contains("GitHub deliveries go to POST /");
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(elsewhere.body()).contains("nothing at /hooks");
  }

  @Test
  void missingOrContradictoryOptionsAreUsageErrors() {
    assertUsageError(
        Map.of(),
        List.of("--github-token", "t"),
        "needs the GitHub App's webhook secret: --webhook-secret SECRET or"
            + " MIGRATION_BOT_WEBHOOK_SECRET");
    assertUsageError(
        Map.of("GITHUB_TOKEN", ""),
        List.of("--webhook-secret", "s"),
        "needs GitHub credentials: --github-app-id ID with --github-app-key FILE, or"
            + " --github-token TOKEN (or GITHUB_TOKEN)");
    assertUsageError(
        Map.of(),
        List.of("--webhook-secret", "s", "--github-token", "t", "--github-app-id", "1"),
        "give either --github-token or --github-app-id with --github-app-key, not both");
    assertUsageError(
        Map.of(),
        List.of("--webhook-secret", "s", "--github-app-id", "1"),
        "--github-app-id and --github-app-key go together");
    assertUsageError(
        Map.of(),
        List.of("--webhook-secret", "s", "--github-app-id", "1", "--github-app-key", "no.pem"),
        "cannot read --github-app-key no.pem");
    assertUsageError(
        Map.of("GITHUB_TOKEN", "t", "AWS_REGION", "us-east-1"),
        List.of(
            "--webhook-secret",
            "s",
            "--state-machine-arn",
            "arn:aws:states:eu-west-1:123456789012:stateMachine:rollout"),
        "the state machine is in eu-west-1 but the AWS region is us-east-1");
    assertUsageError(
        Map.of("GITHUB_TOKEN", "t"),
        List.of("--webhook-secret", "s", "--aws-region", "eu-west-1"),
        "--aws-region is only used with --state-machine-arn");
    assertUsageError(
        Map.of("GITHUB_TOKEN", "t"),
        List.of("--webhook-secret", "s", "--port", "70000"),
        "--port must be between 0 and 65535, got 70000");
  }

  private static void assertUsageError(Map<String, String> env, List<String> args, String error) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> command = new ArrayList<>(List.of("serve"));
    command.addAll(args);
    int exit =
        new Main(Commands.all(env))
            .run(
                command,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).as(String.join(" ", args)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("migration-bot serve: " + error)
        .contains("Usage: migration-bot serve --webhook-secret SECRET");
  }

  // ---------------------------------------------------------------- the server and deliveries

  private URI serveAgainst(String apiUrl) throws Exception {
    return serve(
        Map.of(),
        "--port",
        "0",
        "--webhook-secret",
        SECRET,
        "--github-api-url",
        apiUrl,
        "--github-token",
        "ghp_serve");
  }

  /** Runs {@code migration-bot serve} as the command line does, until the test ends. */
  private URI serve(Map<String, String> env, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> command = new ArrayList<>(List.of("serve"));
    command.addAll(List.of(args));
    Thread server =
        new Thread(
            () ->
                new Main(Commands.all(env))
                    .run(
                        command,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)),
            "serve-under-test");
    servers.add(server);
    server.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher listening = LISTENING.matcher(out.toString(StandardCharsets.UTF_8));
      if (listening.find()) {
        return URI.create(listening.group(1));
      }
      if (!server.isAlive()) {
        break;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("serve did not start: " + out.toString(StandardCharsets.UTF_8) + err);
  }

  private HttpResponse<String> deliver(URI bot, String event, byte[] body, String signature)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(bot)
            .timeout(Duration.ofSeconds(15))
            .header("Content-Type", "application/json")
            .header("User-Agent", "GitHub-Hookshot/4d61a0c")
            .header("X-GitHub-Event", event)
            .header("X-GitHub-Delivery", UUID.randomUUID().toString())
            .header("X-Hub-Signature-256", signature)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] fixture() throws IOException {
    try (InputStream in =
        ServeCommandTest.class.getResourceAsStream("webhook/pull_request.opened.json")) {
      return in.readAllBytes();
    }
  }

  private static String sign(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  // ---------------------------------------------------------------- GitHub

  /** GitHub for a pull request that adds one migration, with no bot comment or check run yet. */
  private static void stubGitHub() {
    github.stubFor(
        get(urlEqualTo("/user"))
            .willReturn(
                json(200, "{\"login\":\"migration-bot\",\"id\":41898282,\"type\":\"User\"}")));
    github.stubFor(
        get(urlPathEqualTo(REPO + "/contents/.github/migration-bot.yml"))
            .willReturn(
                json(
                    404,
                    "{\"message\":\"Not Found\",\"documentation_url\":"
                        + "\"https://docs.github.com/rest/repos/contents#get-repository-content\","
                        + "\"status\":\"404\"}")));
    github.stubFor(
        get(urlPathEqualTo(REPO + "/pulls/2/files"))
            .willReturn(
                json(
                    200,
                    "[{\"sha\":\"bbcd538c8e72b8c175046e27cc8f907076331401\",\"filename\":\""
                        + MIGRATION
                        + "\",\"status\":\"added\",\"additions\":1,\"deletions\":0,\"changes\":1,"
                        + "\"patch\":\"@@ -0,0 +1 @@\\n+CREATE INDEX ...\"}]")));
    github.stubFor(
        get(urlPathEqualTo(REPO + "/contents/" + MIGRATION))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/vnd.github.raw+json; charset=utf-8")
                    .withBody("CREATE INDEX orders_status_idx ON orders (status);\n")));
    github.stubFor(get(urlPathEqualTo(REPO + "/issues/2/comments")).willReturn(json(200, "[]")));
    github.stubFor(
        post(urlEqualTo(REPO + "/issues/2/comments"))
            .willReturn(
                json(
                    201,
                    "{\"id\":1402001,\"user\":{\"login\":\"migration-bot\",\"type\":\"User\"},"
                        + "\"body\":\"\"}")));
    github.stubFor(
        get(urlPathEqualTo(REPO + "/commits/" + HEAD + "/check-runs"))
            .willReturn(json(200, "{\"total_count\":0,\"check_runs\":[]}")));
    github.stubFor(
        post(urlEqualTo(REPO + "/check-runs"))
            .willReturn(
                json(
                    201,
                    "{\"id\":4211023331,\"name\":\"migration-bot\",\"head_sha\":\""
                        + HEAD
                        + "\",\"status\":\"completed\",\"html_url\":"
                        + "\"https://github.com/Codertocat/Hello-World/runs/4211023331\"}")));
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withHeader("X-RateLimit-Limit", "5000")
        .withHeader("X-RateLimit-Remaining", "4990")
        .withHeader("X-RateLimit-Reset", "1764064200")
        .withBody(body);
  }
}
