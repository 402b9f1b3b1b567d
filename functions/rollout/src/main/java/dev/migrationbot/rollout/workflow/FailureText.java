package dev.migrationbot.rollout.workflow;

import dev.migrationbot.rollout.engine.RolloutProgress;
import dev.migrationbot.rollout.port.JobStatus;
import dev.migrationbot.rollout.port.StepStatus;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns what the workflow caught into sentences for the pull request. */
final class FailureText {

  /** Lambda wraps a function's exception as {@code {"errorMessage": "...", ...}} in the cause. */
  private static final Pattern ERROR_MESSAGE =
      Pattern.compile("\"errorMessage\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private FailureText() {}

  static String message(StepInput.Failure failure) {
    String cause = failure.cause();
    Matcher m = ERROR_MESSAGE.matcher(cause);
    if (m.find()) {
      cause = m.group(1).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\");
    }
    String error = failure.error();
    int dot = error.lastIndexOf('.');
    String kind = dot >= 0 ? error.substring(dot + 1) : error;
    return kind.equals("StepFailedException") || kind.equals("RolloutCancelledException")
        ? cause
        : kind + ": " + cause;
  }

  /** Where the rollout stopped: the failed step, or the backfill's position. */
  static Optional<String> where(RolloutProgress progress) {
    for (RolloutProgress.Step step : progress.steps()) {
      if (step.status() == StepStatus.FAILED || step.status() == StepStatus.RUNNING) {
        StringBuilder out =
            new StringBuilder("Stopped at step `")
                .append(step.id())
                .append("` (")
                .append(step.description())
                .append(", ")
                .append(step.phase().displayName())
                .append(" phase) after ")
                .append(step.attempts())
                .append(" attempt(s).");
        for (RolloutProgress.Job job : progress.jobs()) {
          if (job.stepId().equals(step.id()) && job.status() != JobStatus.DONE) {
            out.append(
                String.format(
                    java.util.Locale.ROOT,
                    " The backfill of `%s` had updated %,d rows; it resumes from there.",
                    job.table(),
                    job.updated()));
          }
        }
        return Optional.of(out.toString());
      }
    }
    return Optional.empty();
  }
}
