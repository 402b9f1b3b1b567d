package dev.migrationbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A small run of the lint benchmark: the figures are there and sane (speed is not asserted). */
class LintBenchmarkTest {

  @Test
  void smallRunPrintsItsFigures() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        new Main(Commands.all(Map.of()))
            .run(
                List.of(
                    "bench",
                    "lint",
                    "--statements",
                    "2000",
                    "--iterations",
                    "1",
                    "--format",
                    "json"),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(exit).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(json.path("statements").asInt()).isEqualTo(2000);
    assertThat(json.path("statementsPerSecond").asLong()).isPositive();
    assertThat(json.path("peakHeapMb").asLong()).isPositive();
    assertThat(json.path("findings").asInt()).isPositive();
  }

  @Test
  void unknownBenchmarkIsAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new Main(Commands.all(Map.of()))
            .run(
                List.of("bench", "nothing"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("unknown benchmark 'nothing'; choose one of backfill, lint");
  }
}
