package dev.migrationbot.rollout.command;

import dev.migrationbot.rollout.command.CommentParse.Command;
import dev.migrationbot.rollout.command.CommentParse.NotACommand;
import dev.migrationbot.rollout.command.CommentParse.NotUnderstood;
import dev.migrationbot.rollout.text.DidYouMean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads comment commands. Only the first line counts, so a command can be followed by an
 * explanation, and a quoted command ({@code > /migration approve}) in a reply never runs again.
 */
public final class CommandParser {

  public static final String PREFIX = "/migration";

  /**
   * Reasons are kept in the bot's records on the pull request, whose comment has a size limit; a
   * sentence or two is what a reason needs.
   */
  public static final int MAX_REASON_LENGTH = 500;

  private CommandParser() {}

  public static CommentParse parse(String body) {
    String line = firstLine(body).strip();
    String[] words = line.split("\\s+", 3);
    String head = words[0].toLowerCase(Locale.ROOT);
    if (head.equals(PREFIX + "s")) {
      return new NotUnderstood(
          "Commands start with `" + PREFIX + "`, not `" + words[0] + "`.\n\n" + helpText());
    }
    if (!head.equals(PREFIX)) {
      return new NotACommand();
    }
    if (words.length == 1) {
      return new NotUnderstood("`" + PREFIX + "` needs a command.\n\n" + helpText());
    }
    Optional<Verb> verb = Verb.fromWord(words[1]);
    if (verb.isEmpty()) {
      return new NotUnderstood(unknownVerb(words[1]));
    }
    Optional<String> rest =
        words.length == 3 ? Optional.of(words[2].strip()) : Optional.<String>empty();
    if (rest.isEmpty()) {
      return Command.of(verb.get());
    }
    if (!verb.get().takesReason()) {
      return new NotUnderstood(
          "`"
              + PREFIX
              + " "
              + verb.get().word()
              + "` takes no arguments, but got `"
              + rest.get()
              + "`. Write `"
              + verb.get().usage()
              + "` alone on the first line; explanations can go on the next lines.");
    }
    if (rest.get().length() > MAX_REASON_LENGTH) {
      return new NotUnderstood(
          "The reason is "
              + rest.get().length()
              + " characters long; keep it under "
              + MAX_REASON_LENGTH
              + " (the first line only is read, so details can go on the next lines).");
    }
    return new Command(verb.get(), rest);
  }

  /** Markdown listing every command, for {@code /migration help} and for replies. */
  public static String helpText() {
    StringBuilder text = new StringBuilder("Commands (first line of a comment):\n");
    for (Verb verb : Verb.values()) {
      text.append("- `").append(verb.usage()).append("`: ").append(verb.summary());
      if (verb.controlsRollout()) {
        text.append(" (after merge)");
      }
      text.append('\n');
    }
    return text.toString();
  }

  private static String unknownVerb(String word) {
    String message = "Unknown command `" + PREFIX + " " + word + "`.";
    Optional<Verb> closest = closest(word);
    if (closest.isPresent()) {
      message += " Did you mean `" + closest.get().usage() + "`?";
    } else {
      message +=
          " Known commands: "
              + Arrays.stream(Verb.values())
                  .map(v -> "`" + v.word() + "`")
                  .collect(Collectors.joining(", "))
              + ".";
    }
    return message;
  }

  private static Optional<Verb> closest(String word) {
    return DidYouMean.closest(word, Arrays.stream(Verb.values()).map(Verb::word).toList())
        .flatMap(Verb::fromWord);
  }

  private static String firstLine(String body) {
    int end = body.indexOf('\n');
    String line = end < 0 ? body : body.substring(0, end);
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
