package dev.migrationbot.rollout.workflow;

import dev.migrationbot.rollout.backfill.EtaRange;
import dev.migrationbot.rollout.engine.RolloutProgress;
import dev.migrationbot.rollout.review.MarkdownSafe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Rollout section of the bot's pull request comment: where the rollout stands, kept between two
 * hidden markers so the review above it and the rollout below can be rewritten independently.
 */
public final class RolloutSection {

  static final String OPEN = "<!-- migration-bot:rollout updated=";
  static final String CLOSE = "<!-- /migration-bot:rollout -->";

  private static final Pattern SECTION =
      Pattern.compile(Pattern.quote(OPEN) + "(\\d+) -->.*?" + Pattern.quote(CLOSE), Pattern.DOTALL);

  /** Where the section goes in a review comment: before the analysis details. */
  private static final String ANCHOR = "#### Analysis";

  private static final String STATE_BLOCK = "<!-- migration-bot:state";

  private RolloutSection() {}

  /**
   * The section for a rollout.
   *
   * @param headline one line: what happens now, e.g. {@code Backfilling public.orders}
   */
  public static String render(
      String headline, Optional<RolloutProgress> progress, List<String> details, Instant now) {
    StringBuilder out = new StringBuilder(OPEN).append(now.getEpochSecond()).append(" -->\n");
    out.append("#### Rollout\n\n**").append(MarkdownSafe.text(headline)).append("**\n\n");
    for (String detail : details) {
      out.append(detail).append("\n\n");
    }
    progress.ifPresent(p -> progress(out, p, now));
    return out.append(CLOSE).toString();
  }

  private static void progress(StringBuilder out, RolloutProgress p, Instant now) {
    for (RolloutProgress.Job job : p.jobs()) {
      out.append("- Backfill of `").append(job.table()).append("`: ");
      out.append(String.format(Locale.ROOT, "%,d", job.updated())).append(" rows updated, ");
      out.append(String.format(Locale.ROOT, "%,d", job.scanned())).append(' ').append(job.unit());
      job.estimatedTotal().ifPresent(t -> out.append(String.format(Locale.ROOT, " of ~%,d", t)));
      out.append(" walked");
      job.percent().ifPresent(pc -> out.append(String.format(Locale.ROOT, " (%.0f%%)", pc)));
      out.append(" · ").append(job.status().dbName());
      job.eta().ifPresent(eta -> out.append(" · ETA ").append(eta(eta)));
      job.holdReason()
          .ifPresent(
              r ->
                  out.append(" · holding: ")
                      .append(MarkdownSafe.text(r))
                      .append(
                          job.holdUntil()
                              .filter(u -> u.isAfter(now))
                              .map(u -> " (until " + u + ")")
                              .orElse("")));
      if (job.pauseRequested()) {
        out.append(" · paused by command (`/migration resume` goes on)");
      }
      job.lastError().ifPresent(e -> out.append(" · last error: ").append(MarkdownSafe.text(e)));
      out.append('\n');
    }
    if (!p.jobs().isEmpty()) {
      out.append('\n');
    }
    out.append("<details><summary>Steps</summary>\n\n| Step | Phase | Status | Attempts |\n")
        .append("|---|---|---|---|\n");
    for (RolloutProgress.Step step : p.steps()) {
      out.append("| ")
          .append(MarkdownSafe.text(step.description()))
          .append(" | ")
          .append(step.phase().displayName())
          .append(" | ")
          .append(step.status().dbName())
          .append(step.lastError().map(e -> ": " + MarkdownSafe.text(e)).orElse(""))
          .append(" | ")
          .append(step.attempts())
          .append(" |\n");
    }
    out.append("\n</details>\n\n");
  }

  static String eta(EtaRange eta) {
    return duration(eta.low()) + "–" + duration(eta.high());
  }

  /** {@code 45 s}, {@code 12 min}, {@code 3.5 h}. */
  public static String duration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < 90) {
      return Math.max(seconds, d.isZero() ? 0 : 1) + " s";
    }
    if (seconds < 90 * 60) {
      return Math.round(seconds / 60.0) + " min";
    }
    return String.format(Locale.ROOT, "%.1f h", seconds / 3600.0);
  }

  /** When the section in {@code body} was last written, if there is one. */
  public static Optional<Instant> updatedAt(String body) {
    Matcher m = SECTION.matcher(body);
    return m.find()
        ? Optional.of(Instant.ofEpochSecond(Long.parseLong(m.group(1))))
        : Optional.empty();
  }

  /** The section in {@code body}, if there is one. */
  public static Optional<String> extract(String body) {
    Matcher m = SECTION.matcher(body);
    return m.find() ? Optional.of(m.group()) : Optional.empty();
  }

  /**
   * {@code body} with {@code section} in place of its current section, or inserted before the
   * analysis (or the hidden state, or at the end) when it has none.
   */
  public static String splice(String body, String section) {
    Matcher m = SECTION.matcher(body);
    if (m.find()) {
      return body.substring(0, m.start()) + section + body.substring(m.end());
    }
    int at = body.indexOf(ANCHOR);
    if (at < 0) {
      at = body.indexOf(STATE_BLOCK);
    }
    if (at < 0) {
      return body + "\n\n" + section + "\n";
    }
    return body.substring(0, at) + section + "\n\n" + body.substring(at);
  }
}
