package dev.migrationbot.rollout.event;

import java.util.Objects;

/**
 * GitHub's {@code ping}, sent when a webhook is set up.
 *
 * @param zen GitHub's random aphorism, handy to show the round trip worked
 * @param hookId the webhook's id
 */
public record PingEvent(String deliveryId, String zen, long hookId) implements WebhookEvent {
  public PingEvent {
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(zen, "zen");
  }
}
