package dev.migrationbot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook function's cold start and warm latency, and the size of the shaded jar it ships in.
 * Each cold start is a fresh JVM on the jar running {@code dev.migrationbot.lambda.ColdStart}: the
 * handler is built as Lambda builds it (a Secrets Manager read, the App's key, the SDK clients),
 * then answers a signed {@code pull_request.opened} delivery with {@value
 * WebhookBenchServer#MIGRATIONS} migration files. GitHub and AWS are a local server, so the figures
 * are the bot's own time without network latency.
 */
final class WebhookBenchmark implements BenchCommand.Benchmark {

  private static final String WEBHOOK_SECRET = "bench-webhook-secret";
  private static final String APP_ID = "1060420";

  @Override
  public String summary() {
    return "cold start and warm latency of the webhook on the shaded Lambda jar; the jar's size";
  }

  @Override
  public String usage() {
    return """
        migration-bot bench webhook [--jar FILE] [--cold-starts N] [--warm N] [--java-option OPT]...
                                    [--format text|json]
          --jar FILE        the shaded Lambda jar
                            (default functions/lambda/target/migration-bot-lambda.jar)
          --cold-starts N   fresh JVMs, each answering one delivery (default 5)
          --warm N          further deliveries answered by the last JVM (default 200)
          --java-option OPT an option for the measured JVMs, e.g. -XX:TieredStopAtLevel=1
        """;
  }

  @Override
  public int run(List<String> args, PrintStream out) throws Exception {
    Arguments a =
        Arguments.parse(
            args, Set.of("jar", "cold-starts", "warm", "java-option", "format"), Set.of());
    if (!a.positional().isEmpty()) {
      throw new UsageException("takes only options, got " + a.positional());
    }
    Path jar = Path.of(a.value("jar").orElse("functions/lambda/target/migration-bot-lambda.jar"));
    int coldStarts = a.integer("cold-starts", 5, 1, 100);
    int warm = a.integer("warm", 200, 0, 100_000);
    String format = a.choice("format", "text", List.of("text", "json"));
    List<String> javaOptions = a.values("java-option");
    if (!Files.isRegularFile(jar)) {
      throw new UsageException(
          "no Lambda jar at " + jar + "; build it (mvn package) or name it with --jar");
    }

    List<Long> coldMs = new ArrayList<>();
    List<Long> initMs = new ArrayList<>();
    List<Double> warmMs = List.of();
    Path work = Files.createTempDirectory("migration-bot-webhook-bench");
    try (WebhookBenchServer services = new WebhookBenchServer(appSecret())) {
      Path event = work.resolve("event.json");
      Files.write(event, event(WebhookBenchServer.pullRequestOpened()));
      for (int i = 0; i < coldStarts; i++) {
        JsonNode result =
            coldStart(
                jar,
                javaOptions,
                event,
                i == coldStarts - 1 ? warm : 0,
                services,
                work.resolve("log"));
        coldMs.add(result.path("firstResponseMs").asLong());
        initMs.add(result.path("initMs").asLong());
        if (i == coldStarts - 1) {
          List<Double> figures = new ArrayList<>();
          result.path("warmMs").forEach(ms -> figures.add(ms.asDouble()));
          warmMs = figures;
        }
      }
    } finally {
      Files.deleteIfExists(work.resolve("log"));
      Files.deleteIfExists(work.resolve("event.json"));
      Files.deleteIfExists(work);
    }

    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("jar", jar.getFileName().toString());
    root.put("jarBytes", Files.size(jar));
    root.put("java", Runtime.version().toString());
    root.putArray("javaOptions").addAll(javaOptions.stream().map(root::textNode).toList());
    root.put("coldStarts", coldStarts);
    ObjectNode cold = root.putObject("coldStartMs");
    cold.put("p50", percentile(coldMs, 0.50));
    cold.put("max", percentile(coldMs, 1.0));
    root.putObject("initMs").put("p50", percentile(initMs, 0.50));
    root.put("warmDeliveries", warmMs.size());
    ObjectNode warmFigures = root.putObject("warmMs");
    if (!warmMs.isEmpty()) {
      warmFigures.put("p50", round(percentile(warmMs, 0.50)));
      warmFigures.put("p99", round(percentile(warmMs, 0.99)));
    }
    if (format.equals("json")) {
      out.println(json.writeValueAsString(root));
    } else {
      out.printf(
          Locale.ROOT,
          "webhook on %s (%.1f MB), Java %s %s, pull_request.opened with %d migration files:%n"
              + "  cold start (JVM start to first answer), %d JVMs: p50 %d ms, max %d ms"
              + " (handler construction p50 %d ms)%n",
          root.path("jar").asText(),
          root.path("jarBytes").asLong() / 1e6,
          Runtime.version(),
          String.join(" ", javaOptions),
          WebhookBenchServer.MIGRATIONS,
          coldStarts,
          cold.path("p50").asLong(),
          cold.path("max").asLong(),
          root.path("initMs").path("p50").asLong());
      if (!warmMs.isEmpty()) {
        out.printf(
            Locale.ROOT,
            "  warm, %d deliveries: p50 %.1f ms, p99 %.1f ms%n",
            warmMs.size(),
            warmFigures.path("p50").asDouble(),
            warmFigures.path("p99").asDouble());
      }
    }
    return Main.OK;
  }

  /** One fresh JVM on the jar; its last line of output is the measurement. */
  private static JsonNode coldStart(
      Path jar,
      List<String> javaOptions,
      Path event,
      int warm,
      WebhookBenchServer services,
      Path log)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOptions);
    command.addAll(
        List.of(
            "-cp",
            jar.toString(),
            "dev.migrationbot.lambda.ColdStart",
            event.toString(),
            Integer.toString(warm)));
    ProcessBuilder process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = process.environment();
    // Only what the function gets on Lambda: nothing of this shell leaks into the figures.
    env.clear();
    env.put("AWS_REGION", "eu-west-1");
    env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    env.put("AWS_ENDPOINT_URL", services.url().toString());
    env.put("MIGRATION_BOT_GITHUB_SECRET_ID", WebhookBenchServer.SECRET_ID);
    env.put("STATE_MACHINE_ARN", WebhookBenchServer.STATE_MACHINE_ARN);
    env.put("GITHUB_API_URL", services.url().toString());
    Process child = process.start();
    if (!child.waitFor(10, TimeUnit.MINUTES)) {
      child.destroyForcibly();
      throw new IllegalStateException("the measured JVM did not finish within 10 minutes");
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    if (child.exitValue() != 0 || !last.startsWith("{\"jvmToMainMs\"")) {
      throw new IllegalStateException(
          "the measured JVM failed (exit "
              + child.exitValue()
              + "):\n"
              + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
    }
    JsonNode result = new ObjectMapper().readTree(last);
    if (result.path("status").asInt() != 200 || !services.unexpected().isEmpty()) {
      throw new IllegalStateException(
          "the delivery was not handled as a real one: answered "
              + result.path("status").asInt()
              + " ("
              + result.path("body").asText()
              + "), unexpected requests "
              + services.unexpected());
    }
    return result;
  }

  /** A GitHub App as Secrets Manager holds it, with a key made for this run. */
  private static ObjectNode appSecret() throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair key = generator.generateKeyPair();
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    ObjectNode secret = new ObjectMapper().createObjectNode();
    secret.put("appId", APP_ID);
    secret.put("privateKey", pem);
    secret.put("webhookSecret", WEBHOOK_SECRET);
    return secret;
  }

  /** The delivery as the function URL passes it to the handler: signed, base64-encoded. */
  private static byte[] event(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    ObjectMapper json = new ObjectMapper();
    ObjectNode event = json.createObjectNode();
    ObjectNode headers = event.putObject("headers");
    headers.put("content-type", "application/json");
    headers.put("user-agent", "GitHub-Hookshot/4d61a0c");
    headers.put("x-github-event", "pull_request");
    headers.put("x-github-delivery", UUID.randomUUID().toString());
    headers.put("x-hub-signature-256", "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)));
    event.put("body", Base64.getEncoder().encodeToString(body));
    event.put("isBase64Encoded", true);
    return json.writeValueAsBytes(event);
  }

  /** Nearest rank: the smallest value with at least {@code p} of the values at or below it. */
  static <T extends Comparable<T>> T percentile(List<T> values, double p) {
    List<T> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static double round(double ms) {
    return Math.round(ms * 10) / 10.0;
  }
}
