package dev.migrationbot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * GitHub and AWS on this machine, for the webhook benchmark: a GitHub App's endpoints and a pull
 * request that adds {@value #MIGRATIONS} migration files, answered with GitHub's response shapes,
 * and Secrets Manager and Step Functions over the AWS JSON protocol. Each delivery takes the full
 * path of a new pull request: no comment or check run exists yet, so both are created.
 */
final class WebhookBenchServer implements AutoCloseable {

  static final int MIGRATIONS = 10;
  static final String SECRET_ID = "migration-bot/github-app";
  static final String STATE_MACHINE_ARN =
      "arn:aws:states:eu-west-1:123456789012:stateMachine:migration-bot-rollout";

  private static final String REPO = "/repos/Codertocat/Hello-World";
  private static final String HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService threads;
  private final String secretString;
  private final List<String> unexpected = new ArrayList<>();

  /**
   * @param appSecret the Secrets Manager secret of the GitHub App ({@code appId}, {@code
   *     privateKey}, {@code webhookSecret})
   */
  WebhookBenchServer(ObjectNode appSecret) throws IOException {
    this.secretString = appSecret.toString();
    // Without it every answer waits ~40 ms: headers and body go out as two small packets, and
    // Nagle holds the second until the delayed ACK of the first. Read when the server first loads.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.threads = Executors.newFixedThreadPool(4);
    server.createContext("/", this::answer);
    server.setExecutor(threads);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Requests nothing here answers: the bot asked for something the benchmark does not model. */
  synchronized List<String> unexpected() {
    return List.copyOf(unexpected);
  }

  /** The webhook delivery GitHub sends for the pull request. */
  static byte[] pullRequestOpened() {
    return resource("pull_request.opened.json");
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try {
      exchange.getRequestBody().readAllBytes();
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      if (method.equals("POST") && path.equals("/") && target != null) {
        aws(exchange, target);
      } else {
        github(exchange, method, path);
      }
    } finally {
      exchange.close();
    }
  }

  private void aws(HttpExchange exchange, String target) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    switch (target) {
      case "secretsmanager.GetSecretValue" -> {
        body.put("ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + SECRET_ID);
        body.put("Name", SECRET_ID);
        body.put("VersionId", "EXAMPLE1-90ab-cdef-fedc-ba987SECRET1");
        body.put("SecretString", secretString);
        body.putArray("VersionStages").add("AWSCURRENT");
        body.put("CreatedDate", 1.7640642E9);
      }
      case "AWSStepFunctions.StartExecution" -> {
        body.put(
            "executionArn", STATE_MACHINE_ARN.replace(":stateMachine:", ":execution:") + ":bench");
        body.put("startDate", 1.7640642E9);
      }
      default -> {
        record(target);
        body.put("__type", "UnknownOperationException");
        send(exchange, 400, "application/x-amz-json-1.1", body.toString());
        return;
      }
    }
    send(exchange, 200, "application/x-amz-json-1.1", body.toString());
  }

  private void github(HttpExchange exchange, String method, String path) throws IOException {
    String route = method + " " + path;
    if (route.equals("GET /app")) {
      json(exchange, 200, text("app.json"));
    } else if (route.matches("GET /app/installations/\\d+")) {
      json(exchange, 200, text("installation.json"));
    } else if (route.matches("POST /app/installations/\\d+/access_tokens")) {
      ObjectNode token = (ObjectNode) JSON.readTree(resource("access-token.json"));
      token.put("expires_at", Instant.now().plus(1, ChronoUnit.HOURS).toString());
      json(exchange, 201, token.toString());
    } else if (route.equals("GET " + REPO + "/contents/.github/migration-bot.yml")) {
      json(exchange, 404, text("not-found.json"));
    } else if (route.equals("GET " + REPO + "/pulls/2/files")) {
      json(exchange, 200, changedFiles());
    } else if (route.matches("GET " + REPO + "/contents/db/migrations/V\\d+__index_\\d+\\.sql")) {
      String index = path.substring(path.lastIndexOf('_') + 1, path.lastIndexOf('.'));
      send(
          exchange,
          200,
          "application/vnd.github.raw+json; charset=utf-8",
          "CREATE INDEX orders_c" + index + "_idx ON orders (c" + index + ");\n");
    } else if (route.equals("GET " + REPO + "/pulls/2")) {
      json(exchange, 200, JSON.readTree(pullRequestOpened()).path("pull_request").toString());
    } else if (route.equals("GET " + REPO + "/issues/2/comments")) {
      json(exchange, 200, "[]");
    } else if (route.equals("POST " + REPO + "/issues/2/comments")) {
      json(exchange, 201, text("issue-comment-created.json"));
    } else if (route.equals("GET " + REPO + "/commits/" + HEAD + "/check-runs")) {
      json(exchange, 200, "{\"total_count\":0,\"check_runs\":[]}");
    } else if (route.equals("POST " + REPO + "/check-runs")) {
      json(exchange, 201, text("check-run-written.json"));
    } else {
      record(route);
      json(exchange, 404, text("not-found.json"));
    }
  }

  private static String changedFiles() {
    ArrayNode files = JSON.createArrayNode();
    for (int i = 1; i <= MIGRATIONS; i++) {
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
    }
    ObjectNode readme = files.addObject();
    readme.put("filename", "README.md");
    readme.put("status", "modified");
    return files.toString();
  }

  private synchronized void record(String request) {
    unexpected.add(request);
  }

  private static void json(HttpExchange exchange, int status, String body) throws IOException {
    exchange.getResponseHeaders().set("X-RateLimit-Limit", "5000");
    exchange.getResponseHeaders().set("X-RateLimit-Remaining", "4990");
    exchange
        .getResponseHeaders()
        .set("X-RateLimit-Reset", Long.toString(Instant.now().plusSeconds(3600).getEpochSecond()));
    send(exchange, status, "application/json; charset=utf-8", body);
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static String text(String name) {
    return new String(resource(name), StandardCharsets.UTF_8);
  }

  private static byte[] resource(String name) {
    try (InputStream in = WebhookBenchServer.class.getResourceAsStream("webhook/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource webhook/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
