package dev.migrationbot.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.migrationbot.github.GitHubClient;
import dev.migrationbot.github.GitHubCredentials;
import dev.migrationbot.github.GitHubHttp;
import dev.migrationbot.github.PrivateKeys;
import dev.migrationbot.github.WebhookDelivery;
import dev.migrationbot.lambda.WebhookService;
import dev.migrationbot.lambda.Wiring;
import dev.migrationbot.rollout.port.WorkflowStarter;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * {@code migration-bot serve}: the Lambda's webhook handling behind a local HTTP server, for
 * developing with a real GitHub App (deliveries forwarded to this machine, e.g. by smee.io).
 */
final class ServeCommand implements Command {

  private static final String DEFAULT_API_URL = "https://api.github.com";

  private final Map<String, String> env;

  ServeCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public String name() {
    return "serve";
  }

  @Override
  public String summary() {
    return "answer GitHub webhook deliveries on a local HTTP server, as the Lambda does";
  }

  @Override
  public String usage() {
    return """
        Usage: migration-bot serve --webhook-secret SECRET
                 (--github-token TOKEN | --github-app-id ID --github-app-key FILE)
                 [--port 8080] [--github-api-url URL] [--state-machine-arn ARN [--aws-region R]]

        Runs the webhook of the Lambda function on http://127.0.0.1:PORT/: deliveries are POSTed
        to /, verified with the webhook secret, and answered within 10 s.

          --port N                 port to listen on; 0 picks a free one (default 8080)
          --webhook-secret SECRET  the GitHub App's webhook secret      [MIGRATION_BOT_WEBHOOK_SECRET]
          --github-api-url URL     GitHub's REST API root (default https://api.github.com;
                                   https://HOST/api/v3 for GitHub Enterprise Server) [GITHUB_API_URL]
          --github-token TOKEN     act as this token's user instead of an App         [GITHUB_TOKEN]
                                   (GitHub lets only Apps write check runs)
          --github-app-id ID       act as this GitHub App (its id or client id) ...
          --github-app-key FILE    ... with its private key, the PEM file GitHub downloads
          --state-machine-arn ARN  start rollouts of approved merges on this state machine
                                   [STATE_MACHINE_ARN]; without it merges are reviewed and
                                   the pull request says that no rollout started
          --aws-region REGION      the state machine's region (default: AWS_REGION, else the
                                   ARN's); AWS credentials come from the usual AWS sources
        Options win over the variables in brackets. App options win over GITHUB_TOKEN.
        """;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Arguments a =
        Arguments.parse(
            args,
            Set.of(
                "port",
                "webhook-secret",
                "github-api-url",
                "github-token",
                "github-app-id",
                "github-app-key",
                "state-machine-arn",
                "aws-region"),
            Set.of());
    if (!a.positional().isEmpty()) {
      throw new UsageException("takes only options, got " + a.positional());
    }
    int port = a.integer("port", 8080, 0, 65_535);
    byte[] secret =
        option(a, "webhook-secret", "MIGRATION_BOT_WEBHOOK_SECRET")
            .orElseThrow(
                () ->
                    new UsageException(
                        "needs the GitHub App's webhook secret: --webhook-secret SECRET or"
                            + " MIGRATION_BOT_WEBHOOK_SECRET"))
            .getBytes(StandardCharsets.UTF_8);
    String apiUrl = option(a, "github-api-url", "GITHUB_API_URL").orElse(DEFAULT_API_URL);
    checkUrl(apiUrl);
    GitHubHttp http = Wiring.gitHubHttp(Optional.of(apiUrl));
    GitHubClient github = github(a, http);
    Optional<String> stateMachine = option(a, "state-machine-arn", "STATE_MACHINE_ARN");
    WorkflowStarter starter;
    String rollouts;
    if (stateMachine.isPresent()) {
      Region region = region(a, stateMachine.get());
      starter =
          Wiring.rolloutStarter(
              stateMachine.get(), region, DefaultCredentialsProvider.builder().build());
      rollouts = "approved merges start " + stateMachine.get();
    } else {
      if (a.value("aws-region").isPresent()) {
        throw new UsageException("--aws-region is only used with --state-machine-arn");
      }
      starter = new WithoutStateMachine();
      rollouts = "no state machine: merges are reviewed, no rollout starts";
    }
    WebhookService service =
        Wiring.webhook(
            github,
            secret,
            starter,
            new WithoutDatabase(),
            Optional.ofNullable(env.get("MIGRATION_BOT_DOCS_URL")),
            Clock.systemUTC());

    ExecutorService threads =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "serve-http");
              t.setDaemon(true);
              return t;
            });
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (BindException e) {
      threads.shutdownNow();
      throw new IOException(
          "cannot listen on port " + port + " (" + e.getMessage() + "); choose another with --port",
          e);
    }
    server.createContext("/", exchange -> answer(exchange, service));
    server.setExecutor(threads);
    server.start();
    out.println("GitHub: " + apiUrl + " as " + describe(a) + "; " + rollouts);
    out.println("listening on http://127.0.0.1:" + server.getAddress().getPort() + "/");
    out.flush();
    try {
      // Until interrupted; Ctrl-C ends the JVM, and with it the server.
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      server.stop(0);
      threads.shutdownNow();
    }
    return Main.OK;
  }

  private static void answer(HttpExchange exchange, WebhookService service) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      if (!path.equals("/")) {
        respond(exchange, 404, "nothing at " + path + "; GitHub deliveries go to POST /");
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        respond(
            exchange,
            405,
            exchange.getRequestMethod() + " is not allowed; GitHub deliveries go to POST /");
        return;
      }
      // One byte more than GitHub ever sends, so an oversized body is rejected as such.
      byte[] body = exchange.getRequestBody().readNBytes(WebhookDelivery.MAX_BODY_BYTES + 1);
      Map<String, String> headers = new HashMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (!values.isEmpty()) {
                  headers.put(name, values.get(0));
                }
              });
      // Base64, as API Gateway passes binary bodies: the signature covers the exact bytes.
      WebhookService.Response response =
          service.handle(headers, Base64.getEncoder().encodeToString(body), true);
      respond(exchange, response.status(), response.body());
    } finally {
      exchange.close();
    }
  }

  private static void respond(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private GitHubClient github(Arguments a, GitHubHttp http) {
    Optional<String> appId = a.value("github-app-id");
    Optional<String> appKey = a.value("github-app-key");
    Optional<String> tokenOption = a.value("github-token");
    if (tokenOption.isPresent() && (appId.isPresent() || appKey.isPresent())) {
      throw new UsageException(
          "give either --github-token or --github-app-id with --github-app-key, not both");
    }
    if (appId.isPresent() != appKey.isPresent()) {
      throw new UsageException(
          "--github-app-id and --github-app-key go together: the App's id and its private key"
              + " file");
    }
    if (appId.isPresent()) {
      return GitHubClient.asApp(
          http,
          new GitHubCredentials.App(appId.get(), privateKey(appKey.get())),
          Clock.systemUTC());
    }
    String token =
        tokenOption
            .or(() -> fromEnv("GITHUB_TOKEN"))
            .orElseThrow(
                () ->
                    new UsageException(
                        "needs GitHub credentials: --github-app-id ID with --github-app-key FILE,"
                            + " or --github-token TOKEN (or GITHUB_TOKEN)"));
    return GitHubClient.withToken(http, token);
  }

  private static RSAPrivateKey privateKey(String file) {
    String pem;
    try {
      pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UsageException("cannot read --github-app-key " + file + ": " + e);
    }
    try {
      return PrivateKeys.parse(pem);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--github-app-key " + file + ": " + e.getMessage());
    }
  }

  private String describe(Arguments a) {
    return a.value("github-app-id").map(id -> "App " + id).orElse("the token's user");
  }

  /**
   * The region comes from the option, else {@code AWS_REGION}, else the ARN; one that differs from
   * the ARN's would only fail later, at the first merge.
   */
  private Region region(Arguments a, String stateMachineArn) {
    String[] parts = stateMachineArn.split(":");
    if (parts.length < 7 || !parts[0].equals("arn") || !parts[5].equals("stateMachine")) {
      throw new UsageException(
          "--state-machine-arn must look like arn:aws:states:REGION:ACCOUNT:stateMachine:NAME,"
              + " got "
              + stateMachineArn);
    }
    String arnRegion = parts[3];
    String region = option(a, "aws-region", "AWS_REGION").orElse(arnRegion);
    if (!region.equals(arnRegion)) {
      throw new UsageException(
          "the state machine is in "
              + arnRegion
              + " but the AWS region is "
              + region
              + " (--aws-region or AWS_REGION)");
    }
    return Region.of(region);
  }

  private static void checkUrl(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--github-api-url is not a URL: " + url);
    }
    if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new UsageException(
          "--github-api-url must be an http(s) URL such as " + DEFAULT_API_URL + ", got " + url);
    }
  }

  private Optional<String> option(Arguments a, String name, String variable) {
    return a.value(name).or(() -> fromEnv(variable));
  }

  private Optional<String> fromEnv(String variable) {
    return Optional.ofNullable(env.get(variable)).filter(v -> !v.isBlank());
  }
}
