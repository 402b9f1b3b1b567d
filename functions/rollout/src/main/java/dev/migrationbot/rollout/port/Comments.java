package dev.migrationbot.rollout.port;

import java.util.Optional;

/**
 * Comments on pull requests. The bot keeps one comment per pull request and purpose, recognised by
 * a hidden marker ({@code <!-- migration-bot:... -->}) <em>and</em> by its author being the bot
 * itself, so a marker pasted by someone else is never taken for the bot's.
 */
public interface Comments {

  /** The bot's comment carrying {@code marker}, if there is one. */
  Optional<BotComment> find(RepositoryRef repository, int number, String marker);

  /**
   * Creates the bot's comment carrying {@code marker}, or updates it in place.
   *
   * @param body the new body; it must contain {@code marker} so the next upsert finds it
   */
  CommentWrite upsert(RepositoryRef repository, int number, String marker, String body);

  /** Reacts to a comment of the pull request's conversation (adding it twice is harmless). */
  void react(RepositoryRef repository, long commentId, Reaction reaction);
}
