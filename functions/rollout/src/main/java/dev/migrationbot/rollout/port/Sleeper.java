package dev.migrationbot.rollout.port;

import java.time.Duration;

/** Waits between attempts and batches; tests pass one that only records or advances a clock. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;
}
