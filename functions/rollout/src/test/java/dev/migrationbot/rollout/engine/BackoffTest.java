package dev.migrationbot.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void ceilingDoublesFromTheInitialWaitUpToTheMaximum() {
    assertThat(Backoff.ceiling(1, SECOND, MINUTE)).isEqualTo(SECOND);
    assertThat(Backoff.ceiling(2, SECOND, MINUTE)).isEqualTo(Duration.ofSeconds(2));
    assertThat(Backoff.ceiling(6, SECOND, MINUTE)).isEqualTo(Duration.ofSeconds(32));
    assertThat(Backoff.ceiling(7, SECOND, MINUTE)).isEqualTo(MINUTE);
    assertThat(Backoff.ceiling(1_000, SECOND, MINUTE)).isEqualTo(MINUTE);
  }

  @Test
  void fullJitterSpreadsWaitsOverTheWholeRange() {
    SplittableRandom random = new SplittableRandom(7);
    long below = 0;
    long above = 0;
    for (int i = 0; i < 1_000; i++) {
      Duration d = Backoff.delay(3, SECOND, MINUTE, random);
      assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(4));
      if (d.compareTo(Duration.ofSeconds(1)) < 0) {
        below++;
      }
      if (d.compareTo(Duration.ofSeconds(3)) > 0) {
        above++;
      }
    }
    assertThat(below).isBetween(150L, 350L);
    assertThat(above).isBetween(150L, 350L);
  }

  @Test
  void sameSeedSameWaits() {
    assertThat(Backoff.delay(4, SECOND, MINUTE, new SplittableRandom(1)))
        .isEqualTo(Backoff.delay(4, SECOND, MINUTE, new SplittableRandom(1)));
  }
}
