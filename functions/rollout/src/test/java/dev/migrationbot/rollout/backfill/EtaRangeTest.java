package dev.migrationbot.rollout.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EtaRangeTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void noEtaBeforeOnePercentOrTheFirstMinute() {
    assertThat(
            EtaRange.estimate(
                5, Optional.of(1_000L), Duration.ofMinutes(5), Optional.empty(), MINUTE))
        .isEmpty();
    assertThat(
            EtaRange.estimate(
                500, Optional.of(1_000L), Duration.ofSeconds(30), Optional.empty(), MINUTE))
        .isEmpty();
    assertThat(
            EtaRange.estimate(
                500, Optional.empty(), Duration.ofMinutes(5), Optional.empty(), MINUTE))
        .isEmpty();
  }

  @Test
  void rangeSpansBothRatesAndTheEstimateSlack() {
    Optional<EtaRange> eta =
        EtaRange.estimate(
            60_000, Optional.of(180_000L), Duration.ofMinutes(1), Optional.of(2_000.0), MINUTE);
    assertThat(eta).isPresent();
    assertThat(eta.get().low()).isEqualTo(Duration.ofSeconds(48));
    assertThat(eta.get().high()).isEqualTo(Duration.ofSeconds(144));
  }

  @Test
  void aSingleRateStillGivesARange() {
    Optional<EtaRange> eta =
        EtaRange.estimate(
            50_000, Optional.of(100_000L), Duration.ofSeconds(100), Optional.empty(), MINUTE);
    assertThat(eta.get().low()).isEqualTo(Duration.ofSeconds(80));
    assertThat(eta.get().high()).isEqualTo(Duration.ofSeconds(120));
  }
}
