package dev.migrationbot.rollout.port;

import java.util.Objects;

/** What an upsert of the bot's comment did. */
public record CommentWrite(long id, Outcome outcome) {

  public CommentWrite {
    Objects.requireNonNull(outcome, "outcome");
  }

  public enum Outcome {
    CREATED,
    UPDATED,
    /** The comment already had that body; nothing was written (a redelivered event). */
    UNCHANGED
  }
}
