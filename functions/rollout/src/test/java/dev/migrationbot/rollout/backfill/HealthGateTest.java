package dev.migrationbot.rollout.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthGateTest {

  private final HealthGate gate = new HealthGate(HealthConfig.DEFAULTS, 4);

  @Test
  void noReplicaMeansNothingToWaitFor() {
    assertThat(gate.replicaLag(Reading.of(ReplicaLag.NONE))).isInstanceOf(HealthDecision.Go.class);
  }

  @Test
  void replicaLagAboveOneSecondHolds() {
    HealthDecision d =
        gate.replicaLag(Reading.of(new ReplicaLag(2, Optional.of(Duration.ofMillis(1_500)), 10)));
    assertThat(d).isInstanceOf(HealthDecision.Hold.class);
    assertThat(((HealthDecision.Hold) d).reason()).contains("1500 ms");
    assertThat(((HealthDecision.Hold) d).delay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(
            gate.replicaLag(
                Reading.of(new ReplicaLag(1, Optional.of(Duration.ofMillis(200)), 1_000))))
        .isInstanceOf(HealthDecision.Go.class);
  }

  @Test
  void replicaLagInBytesHoldsWhenTimeIsNotReported() {
    HealthDecision d =
        gate.replicaLag(Reading.of(new ReplicaLag(1, Optional.empty(), 100L * 1024 * 1024)));
    assertThat(d).isInstanceOf(HealthDecision.Hold.class);
  }

  @Test
  void anUnreadableSignalIsUnknownNotAStop() {
    HealthDecision d = gate.replicaLag(Reading.unavailable("permission denied"));
    assertThat(d).isEqualTo(new HealthDecision.Unknown("replica-lag", "permission denied"));
    assertThat(gate.vacuum(Reading.unavailable("x"))).isInstanceOf(HealthDecision.Unknown.class);
    assertThat(gate.activeBackends(Reading.unavailable("x")))
        .isInstanceOf(HealthDecision.Unknown.class);
  }

  @Test
  void anAntiWraparoundAutovacuumOnTheTableHoldsTenMinutes() {
    HealthDecision d = gate.vacuum(Reading.of(new VacuumActivity(true, true, true)));
    assertThat(d).isInstanceOf(HealthDecision.Hold.class);
    assertThat(((HealthDecision.Hold) d).reason())
        .startsWith("an autovacuum to prevent wraparound");
    assertThat(((HealthDecision.Hold) d).delay()).isEqualTo(Duration.ofMinutes(10));
    assertThat(gate.vacuum(Reading.of(VacuumActivity.IDLE))).isInstanceOf(HealthDecision.Go.class);
  }

  @Test
  void aManualVacuumOnTheTableHolds() {
    HealthDecision d = gate.vacuum(Reading.of(new VacuumActivity(true, false, false)));
    assertThat(d).isInstanceOf(HealthDecision.Hold.class);
    assertThat(((HealthDecision.Hold) d).reason()).startsWith("a manual VACUUM");
  }

  @Test
  void anOrdinaryAutovacuumCleaningTheBackfillsDeadRowsDoesNotHold() {
    assertThat(gate.vacuum(Reading.of(new VacuumActivity(true, true, false))))
        .isInstanceOf(HealthDecision.Go.class);
  }

  @Test
  void activeBackendsHoldAboveTwiceTheBaselineAndTheHeadroom() {
    assertThat(gate.activeBackends(Reading.of(14))).isInstanceOf(HealthDecision.Go.class);
    assertThat(gate.activeBackends(Reading.of(15))).isInstanceOf(HealthDecision.Hold.class);
    HealthGate busy = new HealthGate(HealthConfig.DEFAULTS, 40);
    assertThat(busy.activeBackends(Reading.of(80))).isInstanceOf(HealthDecision.Go.class);
    assertThat(busy.activeBackends(Reading.of(81))).isInstanceOf(HealthDecision.Hold.class);
  }

  @Test
  void blockedSessionsSlowDownThenHoldAfterThreeBatchesInARow() {
    Duration long_ = Duration.ofMillis(250);
    assertThat(gate.blocked(1, long_)).isInstanceOf(HealthDecision.SlowDown.class);
    assertThat(gate.blocked(1, long_)).isInstanceOf(HealthDecision.SlowDown.class);
    assertThat(gate.blocked(2, long_)).isInstanceOf(HealthDecision.Hold.class);
  }

  @Test
  void aCleanBatchResetsTheBlockedStreakAndShortWaitsDoNotCount() {
    Duration long_ = Duration.ofMillis(250);
    gate.blocked(1, long_);
    gate.blocked(1, long_);
    assertThat(gate.blocked(3, Duration.ofMillis(20))).isInstanceOf(HealthDecision.Go.class);
    assertThat(gate.blocked(1, long_)).isInstanceOf(HealthDecision.SlowDown.class);
    assertThat(gate.blocked(0, Duration.ZERO)).isInstanceOf(HealthDecision.Go.class);
  }

  @Test
  void outsideTheWindowsHoldsUntilTheNextOneOpens() {
    AllowedWindows nights =
        new AllowedWindows(
            ZoneId.of("Europe/Berlin"),
            List.of(
                new AllowedWindows.Window(
                    EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY),
                    LocalTime.of(22, 0),
                    LocalTime.of(6, 0))));
    HealthGate g = new HealthGate(HealthConfig.DEFAULTS.withWindows(nights), 0);
    Instant mondayNoon = Instant.parse("2025-03-03T11:00:00Z");
    HealthDecision d = g.window(mondayNoon);
    assertThat(d).isInstanceOf(HealthDecision.Hold.class);
    assertThat(((HealthDecision.Hold) d).delay()).isEqualTo(Duration.ofHours(10));
    Instant tuesdayThreeAm = Instant.parse("2025-03-04T02:00:00Z");
    assertThat(g.window(tuesdayThreeAm))
        .as("Monday's window runs past midnight")
        .isInstanceOf(HealthDecision.Go.class);
    Instant wednesdayFiveAm = Instant.parse("2025-03-05T04:00:00Z");
    assertThat(g.window(wednesdayFiveAm)).isInstanceOf(HealthDecision.Go.class);
    Instant thursdayFiveAm = Instant.parse("2025-03-06T04:00:00Z");
    HealthDecision thursday = g.window(thursdayFiveAm);
    assertThat(((HealthDecision.Hold) thursday).delay())
        .as("next opening is Monday 22:00 Berlin")
        .isEqualTo(Duration.between(thursdayFiveAm, Instant.parse("2025-03-10T21:00:00Z")));
  }

  @Test
  void noWindowsMeansAnyTime() {
    assertThat(gate.window(Instant.parse("2025-03-03T11:00:00Z")))
        .isInstanceOf(HealthDecision.Go.class);
  }
}
