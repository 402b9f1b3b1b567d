package dev.migrationbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new Main(Commands.all(Map.of()))
        .run(
            List.of(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpListsEveryCommandWithItsSummary() {
    assertThat(run("--help")).isZero();
    String help = out.toString(StandardCharsets.UTF_8);
    for (Command command : Commands.all(Map.of())) {
      assertThat(help)
          .containsPattern(
              "(?m)^  " + command.name() + " +" + java.util.regex.Pattern.quote(command.summary()));
    }
  }

  @Test
  void noArgumentsPrintsHelpAndFailsAsUsageError() {
    assertThat(run()).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: migration-bot <command>");
  }

  @Test
  void unknownCommandNamesTheProblem() {
    assertThat(run("deploy")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("migration-bot: unknown command 'deploy'; run migration-bot --help\n");
  }

  @Test
  void commandHelpShowsItsUsage() {
    assertThat(run("doctor", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: migration-bot doctor");
  }

  @Test
  void unexpectedArgumentIsAUsageError() {
    assertThat(run("doctor", "now")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "migration-bot doctor: takes no arguments, got [now]\n"
                + "Usage: migration-bot doctor\n"
                + "Run 'migration-bot doctor --help' for every option.\n");
  }
}
