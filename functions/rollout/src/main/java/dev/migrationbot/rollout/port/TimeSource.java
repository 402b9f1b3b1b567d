package dev.migrationbot.rollout.port;

import java.time.Instant;

/** The current time, given to the domain instead of read from the system clock. */
@FunctionalInterface
public interface TimeSource {
  Instant now();
}
