package dev.migrationbot.rollout.command;

import java.util.Locale;
import java.util.Optional;

/** The words that may follow {@code /migration}, with what they do for the help text. */
public enum Verb {
  APPROVE("approve", "[reason]", "approve the migrations as they are now", false),
  UNAPPROVE("unapprove", "", "withdraw your approval", false),
  PLAN("plan", "", "analyse the migrations again now", false),
  STATUS("status", "", "show approvals and rollout progress", false),
  HELP("help", "", "list these commands", false),
  PAUSE("pause", "", "pause the running rollout after the current batch", true),
  RESUME("resume", "", "resume a paused rollout", true),
  ABORT("abort", "", "stop the rollout; steps already done stay done", true),
  CONTRACT("contract", "", "allow the contract phase (drops, NOT NULL) to run", true),
  RETRY("retry", "", "continue a failed rollout from its last checkpoint", true);

  private final String word;
  private final String arguments;
  private final String summary;
  private final boolean rollout;

  Verb(String word, String arguments, String summary, boolean rollout) {
    this.word = word;
    this.arguments = arguments;
    this.summary = summary;
    this.rollout = rollout;
  }

  /** As written in a comment, e.g. {@code approve}. */
  public String word() {
    return word;
  }

  /** The full usage, e.g. {@code /migration approve [reason]}. */
  public String usage() {
    return CommandParser.PREFIX + " " + word + (arguments.isEmpty() ? "" : " " + arguments);
  }

  public String summary() {
    return summary;
  }

  /** Whether the command steers a rollout that runs after the merge (rather than the review). */
  public boolean controlsRollout() {
    return rollout;
  }

  /** Whether text may follow the word; only an approval carries one (its reason). */
  public boolean takesReason() {
    return this == APPROVE;
  }

  static Optional<Verb> fromWord(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    for (Verb verb : values()) {
      if (verb.word.equals(lower)) {
        return Optional.of(verb);
      }
    }
    return Optional.empty();
  }
}
