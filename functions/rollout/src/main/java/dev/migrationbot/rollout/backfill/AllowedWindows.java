package dev.migrationbot.rollout.backfill;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * When a backfill may run: windows of days and hours in a time zone. No windows means any time. A
 * window whose end is not after its start runs past midnight into the next day.
 */
public record AllowedWindows(ZoneId zone, List<Window> windows) {

  public static final AllowedWindows ALWAYS = new AllowedWindows(ZoneId.of("UTC"), List.of());

  public AllowedWindows {
    Objects.requireNonNull(zone, "zone");
    windows = List.copyOf(windows);
  }

  /** Days it opens on, and the hours it is open from its opening day. */
  public record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
    public Window {
      days = days.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(days);
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }

    boolean contains(ZonedDateTime t) {
      for (int back = 0; back <= 1; back++) {
        LocalDate day = t.toLocalDate().minusDays(back);
        if (!days.contains(day.getDayOfWeek())) {
          continue;
        }
        ZonedDateTime open = day.atTime(from).atZone(t.getZone());
        ZonedDateTime close =
            (to.isAfter(from) ? day : day.plusDays(1)).atTime(to).atZone(t.getZone());
        if (!t.isBefore(open) && t.isBefore(close)) {
          return true;
        }
      }
      return false;
    }
  }

  public boolean allows(Instant now) {
    if (windows.isEmpty()) {
      return true;
    }
    ZonedDateTime t = now.atZone(zone);
    return windows.stream().anyMatch(w -> w.contains(t));
  }

  /** How long until a window opens; empty when one is open now or none ever opens. */
  public Optional<Duration> untilOpen(Instant now) {
    if (allows(now)) {
      return Optional.empty();
    }
    ZonedDateTime t = now.atZone(zone);
    Optional<ZonedDateTime> next = Optional.empty();
    for (int ahead = 0; ahead <= 7; ahead++) {
      LocalDate day = t.toLocalDate().plusDays(ahead);
      for (Window w : windows) {
        if (!w.days().contains(day.getDayOfWeek())) {
          continue;
        }
        ZonedDateTime open = day.atTime(w.from()).atZone(zone);
        if (open.isAfter(t) && (next.isEmpty() || open.isBefore(next.get()))) {
          next = Optional.of(open);
        }
      }
    }
    return next.map(n -> Duration.between(now, n.toInstant()));
  }
}
