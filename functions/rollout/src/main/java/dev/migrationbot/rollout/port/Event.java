package dev.migrationbot.rollout.port;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a rollout's append-only event log.
 *
 * @param stepId the step it concerns, if any
 * @param kind what happened, kebab-case: {@code lock-timeout}, {@code hold}, ...
 * @param detail JSON-like values: strings, numbers, booleans, lists and maps of those
 */
public record Event(
    String rolloutId,
    Optional<String> stepId,
    String kind,
    Map<String, Object> detail,
    Instant at) {

  public Event {
    Objects.requireNonNull(rolloutId, "rolloutId");
    Objects.requireNonNull(stepId, "stepId");
    Objects.requireNonNull(kind, "kind");
    detail = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(detail));
    Objects.requireNonNull(at, "at");
  }
}
