package dev.migrationbot.rollout.port;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of one named check run on a commit, as the bot wants it to be.
 *
 * @param name e.g. {@code migration-bot}; one run per name and head SHA
 * @param headSha the commit the check is about
 * @param conclusion required when {@code status} is {@link Status#COMPLETED}, absent otherwise
 * @param detailsUrl where the full report is, e.g. the bot's comment
 * @param externalId the bot's own id for the run, if any
 */
public record CheckRun(
    String name,
    String headSha,
    Status status,
    Optional<Conclusion> conclusion,
    Optional<String> detailsUrl,
    Optional<String> externalId,
    Output output) {

  public CheckRun {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(headSha, "headSha");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(conclusion, "conclusion");
    Objects.requireNonNull(detailsUrl, "detailsUrl");
    Objects.requireNonNull(externalId, "externalId");
    Objects.requireNonNull(output, "output");
    if ((status == Status.COMPLETED) != conclusion.isPresent()) {
      throw new IllegalArgumentException(
          "a completed check run needs a conclusion, and only a completed one has one");
    }
  }

  public static CheckRun completed(
      String name, String headSha, Conclusion conclusion, Output output) {
    return new CheckRun(
        name,
        headSha,
        Status.COMPLETED,
        Optional.of(conclusion),
        Optional.empty(),
        Optional.empty(),
        output);
  }

  public static CheckRun inProgress(String name, String headSha, Output output) {
    return new CheckRun(
        name,
        headSha,
        Status.IN_PROGRESS,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        output);
  }

  public CheckRun withDetailsUrl(String url) {
    return new CheckRun(name, headSha, status, conclusion, Optional.of(url), externalId, output);
  }

  public enum Status {
    QUEUED,
    IN_PROGRESS,
    COMPLETED;

    /** As the Checks API spells it. */
    public String apiName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The conclusions the bot uses; the Checks API has more that only GitHub sets. */
  public enum Conclusion {
    SUCCESS,
    /** Informational findings only. */
    NEUTRAL,
    /** The migrations need approvals before they may roll out. */
    ACTION_REQUIRED,
    /** Errors, unparseable SQL or an invalid configuration. */
    FAILURE,
    CANCELLED,
    TIMED_OUT;

    public String apiName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What the check shows.
   *
   * @param text Markdown details below the summary
   * @param annotations notes on lines of files; any number (the adapter sends them in batches)
   */
  public record Output(
      String title, String summary, Optional<String> text, List<Annotation> annotations) {
    public Output {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(summary, "summary");
      Objects.requireNonNull(text, "text");
      annotations = List.copyOf(annotations);
    }

    public static Output of(String title, String summary) {
      return new Output(title, summary, Optional.empty(), List.of());
    }
  }

  /** A note on lines of a file, shown in the pull request's diff. */
  public record Annotation(
      String path,
      int startLine,
      int endLine,
      Level level,
      String message,
      Optional<String> title) {
    public Annotation {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(title, "title");
      if (startLine < 1 || endLine < startLine) {
        throw new IllegalArgumentException(
            "annotation lines must satisfy 1 <= start <= end, got " + startLine + ".." + endLine);
      }
    }

    public enum Level {
      NOTICE,
      WARNING,
      FAILURE;

      public String apiName() {
        return name().toLowerCase(Locale.ROOT);
      }
    }
  }
}
