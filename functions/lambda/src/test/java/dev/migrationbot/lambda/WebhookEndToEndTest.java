package dev.migrationbot.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.migrationbot.github.GitHubClient;
import dev.migrationbot.lambda.aws.AwsClients;
import dev.migrationbot.lambda.aws.StepFunctionsWorkflowStarter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The webhook end to end: signed deliveries with GitHub's payloads through the Lambda handler, the
 * real GitHub client against a WireMock GitHub that remembers what the bot wrote (so replays see
 * the comment and the check run of the first delivery), and the real Step Functions client against
 * a stub of its protocol. Every delivery is replayed.
 */
class WebhookEndToEndTest {

  private final WireMockServer github = new WireMockServer(wireMockConfig().dynamicPort());

  @RegisterExtension
  static final WireMockExtension aws =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "e2e-webhook-secret";
  private static final String REPO = "/repos/Codertocat/Hello-World";
  private static final String HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
  private static final String BOT = "migration-bot";
  private static final int FILES = 10;

  private WebhookHandler handler;
  private final List<ObjectNode> comments = new ArrayList<>();
  private final Map<Long, ObjectNode> checkRuns = new HashMap<>();

  @AfterEach
  void stop() {
    github.stop();
  }

  @BeforeEach
  void setUp() throws Exception {
    github.start();
    GitHubClient client =
        GitHubClient.withToken(Wiring.gitHubHttp(Optional.of(github.baseUrl())), "ghp_e2e");
    StepFunctionsWorkflowStarter starter =
        new StepFunctionsWorkflowStarter(
            AwsClients.stepFunctions(
                Region.EU_WEST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "x")),
                Optional.of(URI.create(aws.baseUrl())),
                Duration.ofSeconds(3)),
            "arn:aws:states:eu-west-1:123456789012:stateMachine:migration-bot-rollout");
    handler =
        new WebhookHandler(
            Wiring.webhook(
                client,
                SECRET.getBytes(StandardCharsets.UTF_8),
                starter,
                (rollout, target, verb, login) -> {
                  throw new AssertionError("these deliveries carry no rollout command");
                },
                Optional.empty(),
                Clock.systemUTC()));
    stubGitHub();
    aws.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AWSStepFunctions.StartExecution"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.0")
                    .withBody(
                        "{\"executionArn\":\"arn:aws:states:eu-west-1:123456789012:execution:"
                            + "migration-bot-rollout:x\",\"startDate\":1.7640642E9}")));
  }

  @Test
  void anOpenedPullRequestGetsOneCommentAndOneCheckRunAcrossReplays() throws Exception {
    APIGatewayV2HTTPResponse first = deliver("pull_request", "pull_request.opened.json");
    APIGatewayV2HTTPResponse replay = deliver("pull_request", "pull_request.opened.json");

    assertThat(first.getStatusCode()).isEqualTo(200);
    assertThat(replay.getStatusCode()).isEqualTo(200);
    github.verify(1, postRequestedFor(urlEqualTo(REPO + "/issues/2/comments")));
    github.verify(0, patchRequestedFor(urlPathMatching(REPO + "/issues/comments/.*")));
    github.verify(1, postRequestedFor(urlEqualTo(REPO + "/check-runs")));
    github.verify(0, patchRequestedFor(urlPathMatching(REPO + "/check-runs/.*")));
    String body = comments.get(0).path("body").asText();
    assertThat(body)
        .startsWith("<!-- migration-bot -->")
        .contains("**✋ Needs 2 more approvals**")
        .contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS");
    JsonNode check =
        JSON.readTree(
            request(postRequestedFor(urlEqualTo(REPO + "/check-runs"))).getBodyAsString());
    assertThat(check.path("head_sha").asText()).isEqualTo(HEAD);
    assertThat(check.path("conclusion").asText()).isEqualTo("action_required");
    assertThat(check.at("/output/annotations")).hasSize(FILES);
    assertThat(check.at("/output/annotations/0/annotation_level").asText()).isEqualTo("failure");
  }

  @Test
  void approvalsThenAMergeStartTheRolloutExactlyOnce() throws Exception {
    deliver("pull_request", "pull_request.opened.json");
    deliver("issue_comment", "issue_comment.approve.json");
    deliver("issue_comment", "issue_comment.approve.json");
    deliver("issue_comment", "issue_comment.approve.second.json");
    deliver("pull_request", "pull_request.closed.merged.json");
    deliver("pull_request", "pull_request.closed.merged.json");

    aws.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AWSStepFunctions.StartExecution")));
    JsonNode start =
        JSON.readTree(aws.findAll(postRequestedFor(urlEqualTo("/"))).get(0).getBodyAsString());
    assertThat(start.path("name").asText()).contains("pr2");
    JsonNode input = JSON.readTree(start.path("input").asText());
    assertThat(input.path("mergeSha").asText())
        .isEqualTo("c4295bd74fb0f4fda03689c3df3f2803b658fd85");
    assertThat(comments).hasSize(1);
    assertThat(comments.get(0).path("body").asText())
        .contains("**🚀 Rolling out:**")
        .contains("✅ @hubot (write): checked the lock plan with the DBA")
        .contains("✅ @octocat (maintain)");
    // A replayed command reacts again; GitHub keeps one reaction per person and content.
    github.verify(2, postRequestedFor(urlEqualTo(REPO + "/issues/comments/492700400/reactions")));
    github.verify(1, postRequestedFor(urlEqualTo(REPO + "/issues/comments/492700401/reactions")));
  }

  @Test
  void aWrongSignatureIsRejectedBeforeAnythingElse() throws Exception {
    APIGatewayV2HTTPEvent event =
        event("pull_request", read("pull_request.opened.json"), "sha256=" + "0".repeat(64));
    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
    assertThat(response.getStatusCode()).isEqualTo(401);
    github.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void handlingTimeOfAPullRequestWithTenMigrations() throws Exception {
    for (int i = 0; i < 10; i++) {
      deliver("pull_request", "pull_request.opened.json");
    }
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      long start = System.nanoTime();
      assertThat(deliver("pull_request", "pull_request.opened.json").getStatusCode())
          .isEqualTo(200);
      micros.add((System.nanoTime() - start) / 1000);
    }
    micros.sort(Long::compare);
    double p50 = micros.get(micros.size() / 2) / 1000.0;
    double p99 = micros.get((int) Math.ceil(micros.size() * 0.99) - 1) / 1000.0;
    System.out.printf(
        Locale.ROOT,
        "webhook: pull_request with %d migration files against WireMock, warm: p50 %.1f ms, p99 %.1f ms (%d deliveries)%n",
        FILES,
        p50,
        p99,
        micros.size());
    assertThat(p50).isPositive();
  }

  // ---------------------------------------------------------------- deliveries

  private APIGatewayV2HTTPResponse deliver(String eventType, String fixture) throws Exception {
    byte[] body = read(fixture);
    return handler.handleRequest(event(eventType, body, "sha256=" + hmac(body)), null);
  }

  private static APIGatewayV2HTTPEvent event(String eventType, byte[] body, String signature) {
    APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
    event.setHeaders(
        Map.of(
            "content-type",
            "application/json",
            "user-agent",
            "GitHub-Hookshot/4d61a0c",
            "x-github-event",
            eventType,
            "x-github-delivery",
            UUID.randomUUID().toString(),
            "x-hub-signature-256",
            signature));
    event.setBody(Base64.getEncoder().encodeToString(body));
    event.setIsBase64Encoded(true);
    return event;
  }

  private static byte[] read(String fixture) throws IOException {
    try (InputStream in =
        WebhookEndToEndTest.class.getResourceAsStream("WebhookEndToEndTest/" + fixture)) {
      return in.readAllBytes();
    }
  }

  private static String hmac(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  private LoggedRequest request(
      com.github.tomakehurst.wiremock.matching.RequestPatternBuilder pattern) {
    return github.findAll(pattern).get(0);
  }

  // ---------------------------------------------------------------- a GitHub that remembers

  private void stubGitHub() throws IOException {
    github.stubFor(get(urlEqualTo("/user")).willReturn(json(200, user(BOT, "User"))));
    github.stubFor(
        get(urlPathEqualTo(REPO + "/contents/.github/migration-bot.yml"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/vnd.github.raw+json; charset=utf-8")
                    .withBody(
                        "databases:\n  main:\n    secret: prod/main-db\n    deploy: production\n")));
    ArrayNode files = JSON.createArrayNode();
    for (int i = 1; i <= FILES; i++) {
      String path = "db/migrations/V" + (i + 1) + "__index_" + i + ".sql";
      ObjectNode file = files.addObject();
      file.put("sha", "bbcd538c8e72b8c175046e27cc8f907076331401");
      file.put("filename", path);
      file.put("status", "added");
      file.put("additions", 1);
      file.put("deletions", 0);
      file.put("changes", 1);
      file.put("blob_url", "https://github.com/Codertocat/Hello-World/blob/" + HEAD + "/" + path);
      file.put("raw_url", "https://github.com/Codertocat/Hello-World/raw/" + HEAD + "/" + path);
      file.put(
          "contents_url", "https://api.github.com" + REPO + "/contents/" + path + "?ref=" + HEAD);
      file.put("patch", "@@ -0,0 +1 @@\n+CREATE INDEX ...");
      github.stubFor(
          get(urlPathEqualTo(REPO + "/contents/" + path))
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withHeader("Content-Type", "application/vnd.github.raw+json; charset=utf-8")
                      .withBody("CREATE INDEX orders_c" + i + "_idx ON orders (c" + i + ");\n")));
    }
    ObjectNode readme = files.addObject();
    readme.put("filename", "README.md");
    readme.put("status", "modified");
    github.stubFor(
        get(urlPathEqualTo(REPO + "/pulls/2/files")).willReturn(json(200, files.toString())));
    github.stubFor(get(urlPathEqualTo(REPO + "/pulls/2")).willReturn(json(200, pullRequest())));
    github.stubFor(
        get(urlEqualTo(REPO + "/collaborators/hubot/permission"))
            .willReturn(json(200, permission("write", "hubot"))));
    github.stubFor(
        get(urlEqualTo(REPO + "/collaborators/octocat/permission"))
            .willReturn(json(200, permission("maintain", "octocat"))));
    github.stubFor(
        post(urlPathMatching(REPO + "/issues/comments/\\d+/reactions"))
            .willReturn(json(201, "{\"id\":1,\"content\":\"+1\"}")));
    github.stubFor(
        any(urlPathMatching(
                REPO
                    + "/(issues/2/comments|issues/comments/\\d+|check-runs(/\\d+)?|commits/[0-9a-f]+/check-runs)"))
            .willReturn(aResponse().withStatus(500)));
    github.addMockServiceRequestListener((request, response) -> remember(request));
    restubState();
  }

  /** Keeps what the bot wrote, so later requests read it back as GitHub would return it. */
  private synchronized void remember(com.github.tomakehurst.wiremock.http.Request request) {
    try {
      String url = request.getUrl();
      String method = request.getMethod().getName();
      if (method.equals("POST") && url.equals(REPO + "/issues/2/comments")) {
        ObjectNode c =
            comment(
                1402001L + comments.size(),
                JSON.readTree(request.getBodyAsString()).path("body").asText());
        comments.add(c);
      } else if (method.equals("PATCH") && url.startsWith(REPO + "/issues/comments/")) {
        long id = Long.parseLong(url.substring(url.lastIndexOf('/') + 1));
        comments.stream()
            .filter(c -> c.path("id").asLong() == id)
            .forEach(
                c -> {
                  try {
                    c.put("body", JSON.readTree(request.getBodyAsString()).path("body").asText());
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                });
      } else if (method.equals("POST") && url.equals(REPO + "/check-runs")) {
        long id = 4211023331L + checkRuns.size();
        checkRuns.put(id, checkRun(id, JSON.readTree(request.getBodyAsString()), null));
      } else if (method.equals("PATCH") && url.startsWith(REPO + "/check-runs/")) {
        long id = Long.parseLong(url.substring(url.lastIndexOf('/') + 1));
        checkRuns.put(
            id, checkRun(id, JSON.readTree(request.getBodyAsString()), checkRuns.get(id)));
      } else {
        return;
      }
      restubState();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void restubState() {
    ArrayNode list = JSON.createArrayNode();
    comments.forEach(list::add);
    github.stubFor(
        get(urlPathEqualTo(REPO + "/issues/2/comments")).willReturn(json(200, list.toString())));
    github.stubFor(
        post(urlEqualTo(REPO + "/issues/2/comments"))
            .willReturn(json(201, comment(1402001L + comments.size(), "").toString())));
    for (ObjectNode c : comments) {
      github.stubFor(
          patch(urlEqualTo(REPO + "/issues/comments/" + c.path("id").asLong()))
              .willReturn(json(200, c.toString())));
    }
    ObjectNode runs = JSON.createObjectNode();
    ArrayNode array = runs.putArray("check_runs");
    checkRuns.values().forEach(array::add);
    runs.put("total_count", array.size());
    github.stubFor(
        get(urlPathEqualTo(REPO + "/commits/" + HEAD + "/check-runs"))
            .willReturn(json(200, runs.toString())));
    github.stubFor(
        post(urlEqualTo(REPO + "/check-runs"))
            .willReturn(
                json(
                    201,
                    checkRun(4211023331L + checkRuns.size(), JSON.createObjectNode(), null)
                        .toString())));
    for (Long id : checkRuns.keySet()) {
      github.stubFor(
          patch(urlEqualTo(REPO + "/check-runs/" + id))
              .willReturn(json(200, checkRuns.get(id).toString())));
    }
  }

  private static ObjectNode comment(long id, String body) {
    ObjectNode c = JSON.createObjectNode();
    c.put("url", "https://api.github.com" + REPO + "/issues/comments/" + id);
    c.put("html_url", "https://github.com/Codertocat/Hello-World/pull/2#issuecomment-" + id);
    c.put("issue_url", "https://api.github.com" + REPO + "/issues/2");
    c.put("id", id);
    c.set("user", userNode(BOT, "User"));
    c.put("created_at", "2026-11-25T10:00:00Z");
    c.put("updated_at", "2026-11-25T10:00:00Z");
    c.put("author_association", "NONE");
    c.put("body", body);
    return c;
  }

  private static ObjectNode checkRun(long id, JsonNode written, ObjectNode before) {
    ObjectNode run = before == null ? JSON.createObjectNode() : before;
    run.put("id", id);
    run.put("name", written.path("name").asText(run.path("name").asText("migration-bot")));
    run.put("head_sha", written.path("head_sha").asText(run.path("head_sha").asText(HEAD)));
    run.put("status", written.path("status").asText(run.path("status").asText("queued")));
    if (written.has("conclusion")) {
      run.put("conclusion", written.path("conclusion").asText());
    }
    run.put("html_url", "https://github.com/Codertocat/Hello-World/runs/" + id);
    run.put("details_url", "https://github.com/Codertocat/Hello-World/runs/" + id);
    ObjectNode output =
        run.has("output") ? (ObjectNode) run.get("output") : run.putObject("output");
    JsonNode out = written.path("output");
    for (String field : List.of("title", "summary", "text")) {
      if (out.has(field)) {
        output.put(field, out.path(field).asText());
      }
    }
    int count = output.path("annotations_count").asInt(0) + out.path("annotations").size();
    output.put("annotations_count", count);
    output.put(
        "annotations_url", "https://api.github.com" + REPO + "/check-runs/" + id + "/annotations");
    return run;
  }

  private static String pullRequest() throws IOException {
    JsonNode opened = JSON.readTree(read("pull_request.opened.json"));
    return opened.path("pull_request").toString();
  }

  private static String user(String login, String type) {
    return userNode(login, type).toString();
  }

  private static ObjectNode userNode(String login, String type) {
    ObjectNode u = JSON.createObjectNode();
    u.put("login", login);
    u.put("id", 41898282);
    u.put("type", type);
    u.put("site_admin", false);
    return u;
  }

  private static String permission(String role, String login) {
    ObjectNode p = JSON.createObjectNode();
    p.put("permission", role.equals("maintain") ? "write" : role);
    p.put("role_name", role);
    p.set("user", userNode(login, "User"));
    return p.toString();
  }

  private static String notFound() {
    return "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest/repos/contents#get-repository-content\",\"status\":\"404\"}";
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withHeader("X-RateLimit-Limit", "5000")
        .withHeader("X-RateLimit-Remaining", "4990")
        .withHeader("X-RateLimit-Reset", "1764064200")
        .withBody(body);
  }
}
