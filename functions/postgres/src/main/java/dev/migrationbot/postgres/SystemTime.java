package dev.migrationbot.postgres;

import dev.migrationbot.rollout.port.Sleeper;
import dev.migrationbot.rollout.port.TimeSource;
import java.time.Duration;
import java.time.Instant;

/** The real clock and real sleeping, for the wiring. */
public final class SystemTime implements TimeSource, Sleeper {

  public static final SystemTime INSTANCE = new SystemTime();

  private SystemTime() {}

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (!duration.isNegative() && !duration.isZero()) {
      Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
    }
  }
}
