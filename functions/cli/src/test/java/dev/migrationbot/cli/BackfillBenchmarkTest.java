package dev.migrationbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A small run of the backfill benchmark on embedded PostgreSQL: every run fills every row and
 * reports its figures. The targets are for full-size runs; nothing here is timed.
 */
@Tag("postgres")
class BackfillBenchmarkTest {

  @Test
  void smallRunFillsEveryRowAndReportsItsFiguresInBothForms() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new Main(Commands.all(Map.of()))
            .run(
                List.of(
                    "bench",
                    "backfill",
                    "--rows",
                    "20000",
                    "--writers",
                    "2",
                    "--pg-version",
                    System.getProperty("pg.version", "16"),
                    "--format",
                    "json"),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(json.path("rows").asLong()).isEqualTo(20_000);
    assertThat(json.path("pgVersion").asText())
        .startsWith(System.getProperty("pg.version", "16") + ".");
    assertThat(json.path("settings").path("fsync").asText()).isEqualTo("on");
    assertThat(json.path("settings").path("synchronous_commit").asText()).isEqualTo("on");
    for (String run : List.of("singleUpdate", "fixedBatches", "engine")) {
      JsonNode r = json.path(run);
      assertThat(r.path("rowsUpdated").asLong()).as(run).isEqualTo(20_000);
      assertThat(r.path("nullsRemaining").isIntegralNumber()).as(run).isTrue();
      assertThat(r.path("nullsRemaining").asLong()).as(run).isZero();
      assertThat(r.path("rowsPerSecond").asLong()).as(run).isPositive();
      assertThat(r.path("writerOps").asLong()).as(run).isPositive();
      assertThat(r.path("writerP99Ms").asDouble()).as(run).isPositive();
      assertThat(r.path("writerMaxMs").asDouble())
          .as(run)
          .isGreaterThanOrEqualTo(r.path("writerP99Ms").asDouble());
    }
    assertThat(json.path("fixedBatches").path("batches").asLong()).isEqualTo(20);
    assertThat(json.path("engine").path("batches").asLong()).isPositive();
    assertThat(json.path("baseline").path("writerOps").asLong()).isPositive();
    assertThat(json.path("baseline").path("writerP99Ms").asDouble()).isPositive();
    assertThat(json.path("targets")).hasSize(3);
    for (JsonNode target : json.path("targets")) {
      assertThat(target.path("pass").isBoolean()).isTrue();
      assertThat(target.path("target").asText()).isNotBlank();
    }
    assertThat(BackfillBenchmark.text((ObjectNode) json))
        .contains("20,000 rows")
        .containsPattern("singleUpdate +[0-9.]+ +[0-9,]+ ")
        .containsPattern("fixedBatches +[0-9.]+ +[0-9,]+ ")
        .containsPattern("engine +[0-9.]+ +[0-9,]+ ")
        .containsPattern("baseline +[0-9.]+ +- ")
        .containsPattern("(PASS|MISS) engine rows/s >= 0.5 x singleUpdate rows/s")
        .containsPattern("(PASS|MISS) engine writer p99 <= 1.5 x baseline writer p99")
        .containsPattern("(PASS|MISS) engine writer max < 1000 ms");
  }

  @Test
  void tooFewRowsIsAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new Main(Commands.all(Map.of()))
            .run(
                List.of("bench", "backfill", "--rows", "10"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--rows must be between 1000 and 100000000, got 10");
  }
}
