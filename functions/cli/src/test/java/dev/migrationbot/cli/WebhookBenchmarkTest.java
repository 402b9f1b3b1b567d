package dev.migrationbot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A small run of the webhook benchmark on the Lambda jar the build just packaged: the figures are
 * there and sane (speed is not asserted).
 */
class WebhookBenchmarkTest {

  private static final Path JAR =
      Path.of(
          System.getProperty("migrationbot.repository.root", "../.."),
          "functions/lambda/target/migration-bot-lambda.jar");

  @Test
  void oneColdStartAndTwentyWarmDeliveriesPrintTheirFigures() throws Exception {
    assumeTrue(
        Files.isRegularFile(JAR),
        "the shaded Lambda jar is built by the package phase: run mvn verify");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        new Main(Commands.all(Map.of()))
            .run(
                List.of(
                    "bench",
                    "webhook",
                    "--jar",
                    JAR.toString(),
                    "--cold-starts",
                    "1",
                    "--warm",
                    "20",
                    "--format",
                    "json"),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(json.path("jarBytes").asLong()).isEqualTo(Files.size(JAR));
    assertThat(json.at("/coldStartMs/p50").asLong()).isPositive();
    assertThat(json.at("/coldStartMs/max").asLong())
        .isGreaterThanOrEqualTo(json.at("/coldStartMs/p50").asLong());
    assertThat(json.path("warmDeliveries").asInt()).isEqualTo(20);
    assertThat(json.at("/warmMs/p50").asDouble()).isPositive();
    assertThat(json.at("/warmMs/p99").asDouble())
        .isGreaterThanOrEqualTo(json.at("/warmMs/p50").asDouble());
  }

  @Test
  void aMissingJarIsAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new Main(Commands.all(Map.of()))
            .run(
                List.of("bench", "webhook", "--jar", "no/such.jar"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("no Lambda jar at no/such.jar; build it (mvn package) or name it with --jar");
  }

  @Test
  void percentilesAreNearestRank() {
    List<Long> values = List.of(5L, 1L, 4L, 2L, 3L);
    assertThat(WebhookBenchmark.percentile(values, 0.5)).isEqualTo(3L);
    assertThat(WebhookBenchmark.percentile(values, 0.99)).isEqualTo(5L);
    assertThat(WebhookBenchmark.percentile(values, 1.0)).isEqualTo(5L);
    assertThat(WebhookBenchmark.percentile(List.of(7L), 0.5)).isEqualTo(7L);
  }
}
