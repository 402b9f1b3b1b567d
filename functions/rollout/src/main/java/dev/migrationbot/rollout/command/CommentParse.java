package dev.migrationbot.rollout.command;

import java.util.Objects;
import java.util.Optional;

/** What the first line of a pull-request comment asks of the bot. */
public sealed interface CommentParse
    permits CommentParse.Command, CommentParse.NotACommand, CommentParse.NotUnderstood {

  /**
   * A well-formed command.
   *
   * @param reason the text after {@code /migration approve}, if any; always empty for other verbs
   */
  record Command(Verb verb, Optional<String> reason) implements CommentParse {
    public Command {
      Objects.requireNonNull(verb, "verb");
      Objects.requireNonNull(reason, "reason");
      if (reason.isPresent() && !verb.takesReason()) {
        throw new IllegalArgumentException(verb.usage() + " takes no reason");
      }
    }

    public static Command of(Verb verb) {
      return new Command(verb, Optional.empty());
    }
  }

  /** The comment is not addressed to the bot: its first line does not start with the prefix. */
  record NotACommand() implements CommentParse {}

  /**
   * The comment is addressed to the bot but cannot be run as written.
   *
   * @param message what is wrong and how to write it instead, as Markdown for a reply
   */
  record NotUnderstood(String message) implements CommentParse {
    public NotUnderstood {
      Objects.requireNonNull(message, "message");
    }
  }
}
