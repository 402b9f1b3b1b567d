package dev.migrationbot.rollout.event;

import java.util.Objects;
import java.util.Optional;

/**
 * A delivery the bot does not act on.
 *
 * @param event the {@code X-GitHub-Event} name
 * @param action the payload's {@code action}, if it has one
 * @param reason why, in a few words, for the response and the log
 */
public record IgnoredEvent(String deliveryId, String event, Optional<String> action, String reason)
    implements WebhookEvent {
  public IgnoredEvent {
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(reason, "reason");
  }
}
