package dev.migrationbot.rollout.workflow;

import dev.migrationbot.analyzer.Phase;
import dev.migrationbot.rollout.engine.RolloutProgress;
import dev.migrationbot.rollout.port.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The figures of a finished rollout, read from its event log: how long each phase ran, how many
 * rows the backfill changed and how fast, why it held, and who blocked its locks.
 *
 * @param total from the first recorded event to the last
 * @param phases each phase's span, from its first event to its last
 * @param rows rows the backfills changed
 * @param holds holds by reason
 * @param lockTimeouts DDL attempts that timed out waiting for a lock held by someone else
 */
public record RolloutSummary(
    Duration total,
    Map<Phase, Duration> phases,
    long rows,
    Map<String, Long> holds,
    long lockTimeouts) {

  public static RolloutSummary of(RolloutProgress progress, List<Event> events) {
    Map<String, Phase> phaseOfStep = new java.util.HashMap<>();
    progress.steps().forEach(s -> phaseOfStep.put(s.id(), s.phase()));
    Map<Phase, Instant[]> spans = new EnumMap<>(Phase.class);
    Map<String, Long> holds = new TreeMap<>();
    long lockTimeouts = 0;
    for (Event e : events) {
      Phase phase = e.stepId().map(phaseOfStep::get).orElse(null);
      if (phase != null) {
        Instant[] span = spans.computeIfAbsent(phase, p -> new Instant[] {e.at(), e.at()});
        if (e.at().isBefore(span[0])) {
          span[0] = e.at();
        }
        if (e.at().isAfter(span[1])) {
          span[1] = e.at();
        }
      }
      if (e.kind().equals("hold")) {
        holds.merge(String.valueOf(e.detail().get("reason")), 1L, Long::sum);
      }
      if (e.kind().equals("lock-timeout")) {
        lockTimeouts++;
      }
    }
    Map<Phase, Duration> phases = new EnumMap<>(Phase.class);
    spans.forEach((p, span) -> phases.put(p, Duration.between(span[0], span[1])));
    Duration total =
        events.isEmpty()
            ? Duration.ZERO
            : Duration.between(events.get(0).at(), events.get(events.size() - 1).at());
    long rows = progress.jobs().stream().mapToLong(RolloutProgress.Job::updated).sum();
    return new RolloutSummary(total, phases, rows, holds, lockTimeouts);
  }

  /** Rows per second over the backfill phase, when it took measurable time. */
  public Optional<Double> rowsPerSecond() {
    Duration backfill = phases.getOrDefault(Phase.BACKFILL, Duration.ZERO);
    return backfill.toMillis() <= 0
        ? Optional.empty()
        : Optional.of(rows * 1000.0 / backfill.toMillis());
  }

  /** One Markdown line per figure. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    List<String> spans = new ArrayList<>();
    phases.forEach((p, d) -> spans.add(p.displayName() + " " + RolloutSection.duration(d)));
    if (!spans.isEmpty()) {
      out.add("Phases: " + String.join(" · ", spans));
    }
    out.add(
        String.format(Locale.ROOT, "Backfill: %,d rows", rows)
            + rowsPerSecond()
                .map(r -> String.format(Locale.ROOT, " at %,.0f rows/s", r))
                .orElse(""));
    out.add(
        holds.isEmpty()
            ? "Holds: none"
            : "Holds: "
                + String.join(
                    ", ",
                    holds.entrySet().stream().map(e -> e.getKey() + " ×" + e.getValue()).toList()));
    out.add(
        lockTimeouts == 0
            ? "Lock waits: none timed out"
            : "Lock waits: "
                + lockTimeouts
                + " attempt(s) gave up after their lock_timeout behind other sessions, and were retried");
    return out;
  }
}
