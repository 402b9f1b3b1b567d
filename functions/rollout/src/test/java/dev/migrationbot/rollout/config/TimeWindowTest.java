package dev.migrationbot.rollout.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class TimeWindowTest {

  // 2026-11-27 is a Friday.
  private static final TimeWindow WEEKNIGHTS =
      new TimeWindow(
          EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
          LocalTime.of(22, 0),
          LocalTime.of(6, 0));

  @Test
  void aWindowCrossingMidnightBelongsToTheDayItStarts() {
    assertThat(WEEKNIGHTS.contains(Instant.parse("2026-11-27T23:30:00Z"), ZoneOffset.UTC)).isTrue();
    // Saturday 03:00 is still Friday night's window.
    assertThat(WEEKNIGHTS.contains(Instant.parse("2026-11-28T03:00:00Z"), ZoneOffset.UTC)).isTrue();
    assertThat(WEEKNIGHTS.contains(Instant.parse("2026-11-28T06:00:00Z"), ZoneOffset.UTC))
        .isFalse();
    // Saturday night has no window; Monday 02:00 belongs to Sunday, which has none either.
    assertThat(WEEKNIGHTS.contains(Instant.parse("2026-11-28T23:00:00Z"), ZoneOffset.UTC))
        .isFalse();
    assertThat(WEEKNIGHTS.contains(Instant.parse("2026-11-30T02:00:00Z"), ZoneOffset.UTC))
        .isFalse();
    assertThat(WEEKNIGHTS.contains(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC))
        .isFalse();
  }

  @Test
  void windowsAreReadInTheirZone() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    // 21:30 UTC is 22:30 in Berlin in November.
    assertThat(WEEKNIGHTS.contains(Instant.parse("2026-11-27T21:30:00Z"), berlin)).isTrue();
    assertThat(WEEKNIGHTS.contains(Instant.parse("2026-11-27T21:30:00Z"), ZoneOffset.UTC))
        .isFalse();
  }

  @Test
  void equalStartAndEndMeanTheWholeDay() {
    TimeWindow sundays =
        new TimeWindow(EnumSet.of(DayOfWeek.SUNDAY), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
    assertThat(sundays.contains(Instant.parse("2026-11-29T00:00:00Z"), ZoneOffset.UTC)).isTrue();
    assertThat(sundays.contains(Instant.parse("2026-11-29T23:59:59Z"), ZoneOffset.UTC)).isTrue();
    assertThat(sundays.contains(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC)).isFalse();
    assertThat(sundays).hasToString("sun 00:00-00:00");
  }
}
