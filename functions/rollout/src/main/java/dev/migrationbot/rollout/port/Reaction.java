package dev.migrationbot.rollout.port;

/** The reactions the bot puts on a command comment to acknowledge it. */
public enum Reaction {
  /** The command was accepted. */
  PLUS_ONE("+1"),
  /** The sender may not run the command. */
  MINUS_ONE("-1"),
  /** The command was not understood. */
  CONFUSED("confused"),
  /** Seen; the answer follows. */
  EYES("eyes"),
  /** A rollout started. */
  ROCKET("rocket");

  private final String content;

  Reaction(String content) {
    this.content = content;
  }

  /** As GitHub's reactions API names it. */
  public String content() {
    return content;
  }
}
