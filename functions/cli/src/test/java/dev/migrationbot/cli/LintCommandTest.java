package dev.migrationbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LintCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private Path risky;
  private Path safe;

  @BeforeEach
  void files() throws Exception {
    Files.writeString(
        dir.resolve("schema.sql"),
        "CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL);\n");
    Path migrations = Files.createDirectories(dir.resolve("migrations"));
    risky = migrations.resolve("V10__token.sql");
    Files.writeString(
        risky,
        "-- tokens\nALTER TABLE accounts\n  ADD COLUMN token uuid DEFAULT gen_random_uuid();\n");
    safe = migrations.resolve("V2__index.sql");
    Files.writeString(safe, "CREATE INDEX CONCURRENTLY accounts_email_idx ON accounts (email);\n");
    Files.writeString(migrations.resolve("V2__index.down.sql"), "DROP INDEX accounts_email_idx;\n");
  }

  private int lint(String... args) {
    return new Main(Commands.all(Map.of()))
        .run(
            List.of(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void textShowsTheFindingUnderItsStatementWithACaret() {
    assertThat(lint("lint", "--schema", dir.resolve("schema.sql").toString(), risky.toString()))
        .isEqualTo(1);
    assertThat(stdout())
        .contains(risky + ":2:1: error: ADD COLUMN token with DEFAULT gen_random_uuid()")
        .contains("[adding-volatile-default, MB101]")
        .contains("    2 | ALTER TABLE accounts\n      | ^^^^^\n")
        .contains(
            "= locks: ACCESS EXCLUSIVE on public.accounts (blocks reads, writes, ddl); effect: rewrite")
        .contains("ALTER TABLE accounts ALTER COLUMN token SET DEFAULT gen_random_uuid();")
        .endsWith("1 statement in 1 file: 1 error, 0 warnings, 0 infos\n");
  }

  @Test
  void exitZeroWhenNothingReachesTheFailingSeverity() {
    assertThat(lint("lint", safe.toString())).isZero();
    assertThat(lint("lint", "--fail-on", "info", safe.toString())).isZero();
  }

  @Test
  void directoriesAreReadInNaturalOrderWithoutDownMigrations() throws Exception {
    assertThat(lint("lint", "--format", "json", dir.resolve("migrations").toString())).isEqualTo(1);
    JsonNode json = JSON.readTree(stdout());
    assertThat(json.path("files").findValuesAsText("path"))
        .containsExactly(safe.toString(), risky.toString());
  }

  @Test
  void jsonHasTheDocumentedShape() throws Exception {
    lint(
        "lint",
        "--format",
        "json",
        "--pg-version",
        "15",
        "--schema",
        dir.resolve("schema.sql").toString(),
        risky.toString());
    JsonNode json = JSON.readTree(stdout());
    assertThat(json.path("pgVersion").asInt()).isEqualTo(15);
    JsonNode statement = json.path("files").get(0).path("statements").get(0);
    assertThat(statement.path("line").asInt()).isEqualTo(2);
    assertThat(statement.path("column").asInt()).isEqualTo(1);
    assertThat(statement.path("sql").asText()).startsWith("ALTER TABLE accounts");
    assertThat(statement.path("kind").asText()).isEqualTo("alter-table");
    JsonNode lock = statement.path("locks").get(0);
    assertThat(lock.path("relation").asText()).isEqualTo("public.accounts");
    assertThat(lock.path("mode").asText()).isEqualTo("ACCESS EXCLUSIVE");
    assertThat(lock.path("blocks"))
        .extracting(JsonNode::asText)
        .containsExactly("reads", "writes", "ddl");
    assertThat(statement.path("effects")).extracting(JsonNode::asText).containsExactly("rewrite");
    JsonNode finding = statement.path("findings").get(0);
    assertThat(finding.path("rule").asText()).isEqualTo("adding-volatile-default");
    assertThat(finding.path("code").asText()).isEqualTo("MB101");
    assertThat(finding.path("severity").asText()).isEqualTo("error");
    assertThat(finding.path("message").asText()).contains("rewrites public.accounts");
    assertThat(finding.path("safeAlternative").asText()).contains("SET DEFAULT gen_random_uuid()");
    assertThat(json.path("summary").path("errors").asInt()).isEqualTo(1);
    assertThat(json.path("summary").path("warnings").asInt()).isZero();
    assertThat(json.path("summary").path("infos").asInt()).isZero();
  }

  @Test
  void sarifIsValidAgainstTheOfficialSchema() throws Exception {
    lint(
        "lint",
        "--format",
        "sarif",
        "--docs-url",
        "https://example.org/docs/rules",
        risky.toString());
    JsonNode sarif = JSON.readTree(stdout());
    JsonSchema schema;
    try (InputStream in = getClass().getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
    Set<ValidationMessage> problems = schema.validate(sarif);
    assertThat(problems).isEmpty();
    JsonNode result = sarif.path("runs").get(0).path("results").get(0);
    assertThat(result.path("ruleId").asText()).isEqualTo("MB101");
    assertThat(result.path("level").asText()).isEqualTo("error");
    assertThat(result.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(2);
    int index = result.path("ruleIndex").asInt();
    assertThat(sarif.at("/runs/0/tool/driver/rules/" + index + "/name").asText())
        .isEqualTo("adding-volatile-default");
    assertThat(sarif.at("/runs/0/tool/driver/rules/" + index + "/helpUri").asText())
        .isEqualTo("https://example.org/docs/rules/adding-volatile-default.md");
  }

  @Test
  void markdownHasNoTerminalEscapes() {
    lint("lint", "--format", "markdown", risky.toString());
    assertThat(stdout()).contains("#### `" + risky + "`").contains("| Line | Statement |");
    assertThat(stdout().chars()).noneMatch(c -> c == 0x1b);
  }

  @Test
  void usageAndInputErrorsExitWithTwoAndSayWhatIsWrong() {
    assertThat(lint("lint", "--pg-version", "9", risky.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("migration-bot lint: --pg-version must be between 11 and 18, got 9\n")
        .contains("Usage: migration-bot lint [options] PATH...\n");
    err.reset();
    assertThat(lint("lint", dir.resolve("missing.sql").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("migration-bot lint: no such file or directory: ");
    err.reset();
    assertThat(lint("lint", "--frobnicate", risky.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("migration-bot lint: unknown option --frobnicate\n");
    err.reset();
    assertThat(lint("lint", "--format", "xml", risky.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--format must be one of text, markdown, json, sarif");
    err.reset();
    assertThat(lint("lint")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("name at least one migration file or directory");
  }

  @Test
  void syntaxErrorsAreFindingsWithTheirPosition() throws Exception {
    Path broken = dir.resolve("broken.sql");
    Files.writeString(broken, "SELECT 1;\nALTER TABLE accounts ADD COLUMN;\n");
    assertThat(lint("lint", broken.toString())).isEqualTo(1);
    assertThat(stdout())
        .contains(
            broken
                + ":2:32: error: expected a name at the end of the statement [syntax-error, MB001]");
  }
}
