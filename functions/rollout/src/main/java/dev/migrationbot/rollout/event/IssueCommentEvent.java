package dev.migrationbot.rollout.event;

import dev.migrationbot.rollout.port.RepositoryRef;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A comment on an issue or pull request conversation was created, edited or deleted.
 *
 * @param pullRequest the pull request's number; empty when the comment is on a plain issue
 * @param commentId the comment's id, to react to it
 * @param body the comment's Markdown
 * @param sender who wrote (or edited, or deleted) it
 * @param senderType whether the sender is a person or a bot
 */
public record IssueCommentEvent(
    String deliveryId,
    Action action,
    RepositoryRef repository,
    OptionalInt pullRequest,
    long commentId,
    String body,
    String sender,
    SenderType senderType)
    implements WebhookEvent {

  public IssueCommentEvent {
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(pullRequest, "pullRequest");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(senderType, "senderType");
  }

  public OptionalLong installationId() {
    return repository.installationId();
  }

  public enum Action {
    CREATED,
    EDITED,
    DELETED;

    public static Optional<Action> fromApi(String action) {
      for (Action a : values()) {
        if (a.name().equals(action.toUpperCase(Locale.ROOT))) {
          return Optional.of(a);
        }
      }
      return Optional.empty();
    }
  }

  /** GitHub's account types ({@code sender.type}). */
  public enum SenderType {
    USER,
    BOT,
    ORGANIZATION,
    /** Placeholder accounts of imported repositories, and types GitHub may add. */
    OTHER;

    public static SenderType fromApi(String type) {
      for (SenderType t : values()) {
        if (t.name().equals(type.toUpperCase(Locale.ROOT))) {
          return t;
        }
      }
      return OTHER;
    }
  }
}
