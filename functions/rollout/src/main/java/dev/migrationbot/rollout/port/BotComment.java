package dev.migrationbot.rollout.port;

import java.util.Objects;

/**
 * The bot's own comment on a pull request, the one carrying a given hidden marker.
 *
 * @param id GitHub's comment id
 * @param body the Markdown body, marker included
 */
public record BotComment(long id, String body) {
  public BotComment {
    Objects.requireNonNull(body, "body");
  }
}
