package dev.migrationbot.rollout.config;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A weekly time span in which backfills may run, e.g. {@code mon-fri 22:00-06:00}. A span whose end
 * is not after its start crosses midnight and belongs to the day it starts on; equal start and end
 * mean the whole day.
 */
public record TimeWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to) {

  public TimeWindow {
    days = Set.copyOf(days);
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (days.isEmpty()) {
      throw new IllegalArgumentException("a time window needs at least one day");
    }
  }

  /** Whether {@code instant}, seen in {@code zone}, falls in the window. */
  public boolean contains(Instant instant, ZoneId zone) {
    ZonedDateTime local = instant.atZone(zone);
    Duration length = length();
    // The span may have started today or, crossing midnight, yesterday.
    for (int daysBack = 0; daysBack <= 1; daysBack++) {
      ZonedDateTime start = local.toLocalDate().minusDays(daysBack).atTime(from).atZone(zone);
      if (days.contains(start.getDayOfWeek())
          && !local.isBefore(start)
          && local.isBefore(start.plus(length))) {
        return true;
      }
    }
    return false;
  }

  private Duration length() {
    Duration length = Duration.between(from, to);
    return length.isNegative() || length.isZero() ? length.plusDays(1) : length;
  }

  /** As the configuration writes it, e.g. {@code mon,tue 22:00-06:00}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (DayOfWeek day : EnumSet.copyOf(days)) {
      if (text.length() > 0) {
        text.append(',');
      }
      text.append(day.getDisplayName(TextStyle.SHORT, Locale.ROOT).toLowerCase(Locale.ROOT));
    }
    return text + " " + from + "-" + to;
  }
}
