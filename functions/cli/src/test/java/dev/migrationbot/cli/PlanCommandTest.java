package dev.migrationbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private int plan(String... args) {
    return new Main(Commands.all(Map.of()))
        .run(
            List.of(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void exampleMigrationPlansIntoThreePhases() throws Exception {
    assertThat(
            plan(
                "plan",
                "--format",
                "json",
                "--schema",
                "../../examples/schema.sql",
                "../../examples/migrations/V2__add_order_status.sql"))
        .isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(json.path("executable").asBoolean()).isTrue();
    assertThat(json.path("steps").findValuesAsText("phase"))
        .containsExactly(
            "expand", "backfill", "contract", "contract", "contract", "contract", "contract");
    assertThat(json.at("/steps/1/backfill/set/status").asText())
        .startsWith("CASE WHEN shipped_at IS NULL");
    assertThat(json.at("/steps/1/gate").asText()).isEqualTo("deploy-seen");
  }

  @Test
  void refusedStatementsExitWithOneAndShowTheRecipe() throws Exception {
    Path migration = dir.resolve("V9__rename.sql");
    Files.writeString(migration, "ALTER TABLE accounts RENAME COLUMN name TO full_name;\n");
    assertThat(plan("plan", migration.toString())).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("**The plan cannot run yet:** 1 statement needs a manual change.")
        .contains("breaks every running query that uses the old name")
        .contains("ADD COLUMN full_name <type>");
  }
}
