package dev.migrationbot.rollout.event;

/**
 * A verified GitHub webhook delivery, as the bot understands it.
 *
 * <p>{@link #deliveryId()} is GitHub's {@code X-GitHub-Delivery}; a redelivery carries the same id.
 */
public sealed interface WebhookEvent
    permits PullRequestEvent, IssueCommentEvent, PingEvent, IgnoredEvent {

  String deliveryId();
}
