package dev.migrationbot.rollout.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.rollout.command.CommentParse.Command;
import dev.migrationbot.rollout.command.CommentParse.NotACommand;
import dev.migrationbot.rollout.command.CommentParse.NotUnderstood;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandParserTest {

  static Stream<Arguments> commands() {
    return Stream.of(
        Arguments.of("/migration approve", Verb.APPROVE, Optional.empty()),
        Arguments.of(
            "/migration approve checked the lock plan with the DBA",
            Verb.APPROVE,
            Optional.of("checked the lock plan with the DBA")),
        Arguments.of(
            "  /migration   approve   tabs\tand  spaces  ",
            Verb.APPROVE,
            Optional.of("tabs\tand  spaces")),
        Arguments.of("/Migration APPROVE", Verb.APPROVE, Optional.empty()),
        Arguments.of("/migration unapprove", Verb.UNAPPROVE, Optional.empty()),
        Arguments.of("/migration plan", Verb.PLAN, Optional.empty()),
        Arguments.of("/migration status\r\nwhere are we?", Verb.STATUS, Optional.empty()),
        Arguments.of("/migration help", Verb.HELP, Optional.empty()),
        Arguments.of("/migration pause\n\nthe on-call asked", Verb.PAUSE, Optional.empty()),
        Arguments.of("/migration resume", Verb.RESUME, Optional.empty()),
        Arguments.of("/migration abort", Verb.ABORT, Optional.empty()),
        Arguments.of("/migration contract", Verb.CONTRACT, Optional.empty()),
        Arguments.of("/migration retry", Verb.RETRY, Optional.empty()));
  }

  @ParameterizedTest
  @MethodSource("commands")
  void readsCommandsFromTheFirstLine(String body, Verb verb, Optional<String> reason) {
    assertThat(CommandParser.parse(body)).isEqualTo(new Command(verb, reason));
  }

  @ParameterizedTest
  @MethodSource("notCommands")
  void leavesOtherCommentsAlone(String body) {
    assertThat(CommandParser.parse(body)).isInstanceOf(NotACommand.class);
  }

  static Stream<String> notCommands() {
    return Stream.of(
        "",
        "LGTM",
        "Please run /migration approve when ready",
        "> /migration approve\nquoting the command does not run it",
        "\n/migration approve",
        "/migrationapprove",
        "`/migration approve`");
  }

  static Stream<Arguments> notUnderstood() {
    return Stream.of(
        Arguments.of("/migration", "`/migration` needs a command"),
        Arguments.of("/migration aprove", "Did you mean `/migration approve [reason]`?"),
        Arguments.of("/migration stauts", "Did you mean `/migration status`?"),
        Arguments.of("/migration appr", "Did you mean `/migration approve [reason]`?"),
        Arguments.of("/migration deploy", "Known commands: `approve`, `unapprove`"),
        Arguments.of(
            "/migration plan now please",
            "`/migration plan` takes no arguments, but got `now please`"),
        Arguments.of("/migration contract --force", "takes no arguments, but got `--force`"),
        Arguments.of("/migrations approve", "Commands start with `/migration`, not `/migrations`"),
        Arguments.of("/migration approve " + "x".repeat(501), "keep it under 500"));
  }

  @ParameterizedTest
  @MethodSource("notUnderstood")
  void explainsWhatIsWrong(String body, String expected) {
    CommentParse parse = CommandParser.parse(body);
    assertThat(parse).isInstanceOf(NotUnderstood.class);
    assertThat(((NotUnderstood) parse).message()).contains(expected);
  }

  @Test
  void missingCommandListsThemAll() {
    String message = ((NotUnderstood) CommandParser.parse("/migration")).message();
    for (Verb verb : Verb.values()) {
      assertThat(message).contains("`" + verb.usage() + "`");
    }
  }

  @Test
  void helpMarksTheRolloutCommands() {
    assertThat(CommandParser.helpText())
        .contains("- `/migration approve [reason]`: approve the migrations as they are now\n")
        .contains(
            "- `/migration pause`: pause the running rollout after the current batch (after merge)\n");
  }
}
