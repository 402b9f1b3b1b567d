package dev.migrationbot.rollout.review;

import dev.migrationbot.analyzer.AnalyzedStatement;
import dev.migrationbot.analyzer.FileAnalysis;
import dev.migrationbot.analyzer.Finding;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.report.MarkdownReport;
import dev.migrationbot.rollout.command.Approval;
import dev.migrationbot.rollout.command.ApprovalDecision;
import dev.migrationbot.rollout.command.Verb;
import dev.migrationbot.rollout.port.CheckRun;
import dev.migrationbot.rollout.report.PlanMarkdown;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pull request comment and the check run of a review. The comment carries a hidden marker (how
 * the bot finds it again) and the signed state; past GitHub's 65,536-character limit it degrades to
 * per-file summaries and the plan's step table.
 */
public final class ReviewReport {

  public static final String MARKER = "<!-- migration-bot -->";
  public static final String CHECK_NAME = "migration-bot";
  static final int COMMENT_LIMIT = 65_536;
  static final int CHECK_TEXT_LIMIT = 65_535;

  private final MarkdownReport analysis;

  public ReviewReport(Optional<String> docsBaseUrl) {
    this.analysis = new MarkdownReport(docsBaseUrl);
  }

  /** What one rendering shows. */
  public record View(
      MigrationReview review,
      ApprovalDecision decision,
      List<String> notices,
      Optional<String> rolloutExecution,
      boolean fromFork) {}

  public String comment(View view, String stateBlock) {
    String full = comment(view, stateBlock, true);
    if (full.length() <= COMMENT_LIMIT) {
      return full;
    }
    String summary = comment(view, stateBlock, false);
    if (summary.length() <= COMMENT_LIMIT) {
      return summary;
    }
    String tail =
        "\n\n_…cut to fit GitHub's comment limit; the check run has the details._\n\n" + stateBlock;
    return summary.substring(0, COMMENT_LIMIT - tail.length()) + tail;
  }

  /** The comment of a pull request whose migrations are all gone, keeping the state. */
  public static String noMigrations(String stateBlock) {
    return MARKER
        + "\n### 🐘 migration-bot\n\nThis pull request no longer changes migration files: nothing to"
        + " review or roll out.\n\n"
        + stateBlock;
  }

  /** The comment after the pull request was closed without merging. */
  public String closedUnmerged(View view, String stateBlock) {
    List<String> notices = new ArrayList<>(view.notices());
    notices.add("Closed without merging: nothing will run.");
    return comment(
        new View(view.review(), view.decision(), notices, view.rolloutExecution(), view.fromFork()),
        stateBlock);
  }

  private String comment(View view, String stateBlock, boolean detailed) {
    MigrationReview review = view.review();
    StringBuilder out = new StringBuilder(MARKER).append('\n');
    out.append("### 🐘 migration-bot · PostgreSQL ")
        .append(review.plan().pgMajor())
        .append(review.target().map(t -> " · database `" + t.name() + "`").orElse(""))
        .append("\n\n")
        .append(status(view))
        .append("\n\n");
    for (String notice : view.notices()) {
      out.append("> ").append(notice.replace("\n", "\n> ")).append("\n\n");
    }
    if (view.fromFork()) {
      out.append("> This pull request comes from a fork: it is analysed from its SQL only, and no")
          .append(" database is contacted for it.\n\n");
    }
    for (String problem : review.problems()) {
      out.append("- 🛑 ").append(problem).append('\n');
    }
    if (!review.removed().isEmpty()) {
      out.append("- Deleted migration files (not analysed): ")
          .append(String.join(", ", review.removed().stream().map(p -> "`" + p + "`").toList()))
          .append('\n');
    }
    out.append('\n');
    approvals(out, view);
    view.rolloutExecution()
        .ifPresent(
            e -> out.append("**Rollout:** started as execution `").append(e).append("`.\n\n"));
    out.append("#### Analysis\n\n");
    if (detailed) {
      out.append(analysis.render(review.analysis()));
    } else {
      fileSummaries(out, review);
    }
    out.append("#### Rollout plan\n\n").append(PlanMarkdown.render(review.plan(), detailed));
    out.append("<details><summary>Commands</summary>\n\n");
    for (Verb verb : Verb.values()) {
      out.append("- `").append(verb.usage()).append("`: ").append(verb.summary()).append('\n');
    }
    out.append("\nOnly the first line of a comment is read. Approvals count from people allowed by")
        .append(" `.github/migration-bot.yml` on the base branch, and only for the migrations as")
        .append(" they are when approved.\n</details>\n\n")
        .append(stateBlock);
    return out.toString();
  }

  private static String status(View view) {
    MigrationReview review = view.review();
    ApprovalDecision d = view.decision();
    List<String> parts = new ArrayList<>();
    long errors = review.analysis().count(Severity.ERROR);
    long warnings = review.analysis().count(Severity.WARNING);
    long infos = review.analysis().count(Severity.INFO);
    parts.add(review.files().size() + (review.files().size() == 1 ? " file" : " files"));
    parts.add(errors + " 🛑 · " + warnings + " ⚠️ · " + infos + " ℹ️");
    parts.add("approvals " + d.given() + " of " + d.required());
    String verdict;
    if (view.rolloutExecution().isPresent()) {
      verdict = "**🚀 Rolling out:** the approved plan below is running; progress is shown here.";
    } else if (review.blocked()) {
      verdict = "**🛑 Cannot roll out as it is:** fix the problems below.";
    } else if (!d.satisfied()) {
      verdict =
          "**✋ Needs "
              + d.missing()
              + " more approval"
              + (d.missing() == 1 ? "" : "s")
              + "** (`/migration approve`).";
    } else {
      verdict = "**✅ Ready:** merging starts the rollout below.";
    }
    return verdict
        + "  \n"
        + String.join(" · ", parts)
        + " · fingerprint `"
        + Fingerprint.shortForm(review.fingerprint())
        + "`";
  }

  private static void approvals(StringBuilder out, View view) {
    ApprovalDecision d = view.decision();
    if (d.counted().isEmpty() && d.stale().isEmpty() && d.notCounted().isEmpty()) {
      if (d.required() > 0) {
        out.append("**Approvals:** none yet; ")
            .append(d.required())
            .append(" needed because of the ")
            .append(d.highestSeverity().map(Severity::displayName).orElse("no"))
            .append(" findings.\n\n");
      }
      return;
    }
    out.append("**Approvals**\n");
    for (Approval a : d.counted()) {
      out.append("- ✅ @")
          .append(a.login())
          .append(" (")
          .append(a.permission().displayName())
          .append(')');
      a.reason().ifPresent(r -> out.append(": ").append(MarkdownSafe.text(r)));
      out.append('\n');
    }
    for (ApprovalDecision.Excluded e : d.stale()) {
      out.append("- ⏳ ").append(e.explanation()).append('\n');
    }
    for (ApprovalDecision.Excluded e : d.notCounted()) {
      out.append("- 🚫 ").append(e.explanation()).append('\n');
    }
    out.append('\n');
  }

  private static void fileSummaries(StringBuilder out, MigrationReview review) {
    out.append(MarkdownReport.summaryLine(review.analysis())).append("\n\n");
    out.append("| File | Statements | 🛑 | ⚠️ | ℹ️ |\n| --- | ---: | ---: | ---: | ---: |\n");
    for (FileAnalysis file : review.analysis().files()) {
      List<Finding> findings = file.findings();
      out.append("| `")
          .append(file.path())
          .append("` | ")
          .append(file.statements().size())
          .append(" | ")
          .append(findings.stream().filter(f -> f.severity() == Severity.ERROR).count())
          .append(" | ")
          .append(findings.stream().filter(f -> f.severity() == Severity.WARNING).count())
          .append(" | ")
          .append(findings.stream().filter(f -> f.severity() == Severity.INFO).count())
          .append(" |\n");
    }
    out.append(
        "\n_Details are in the check run: this comment would exceed GitHub's size limit._\n\n");
  }

  /** The check run on the head commit, with an annotation on the line of every finding. */
  public CheckRun checkRun(View view) {
    MigrationReview review = view.review();
    ApprovalDecision d = view.decision();
    CheckRun.Conclusion conclusion;
    String title;
    if (review.blocked()) {
      conclusion = CheckRun.Conclusion.FAILURE;
      title =
          review.hasSyntaxErrors()
              ? "Migrations do not parse"
              : !review.plan().executable()
                  ? review.plan().refusals().size() + " statement(s) need a manual change"
                  : "Migrations cannot be rolled out as they are";
    } else if (!d.satisfied()) {
      conclusion = CheckRun.Conclusion.ACTION_REQUIRED;
      title = "Needs " + d.missing() + " more approval(s): " + counts(review);
    } else if (!review.analysis().findings().isEmpty()) {
      conclusion = CheckRun.Conclusion.NEUTRAL;
      title = "Approved: " + counts(review);
    } else {
      conclusion = CheckRun.Conclusion.SUCCESS;
      title = "No lock risks found";
    }
    String text = PlanMarkdown.render(review.plan(), true);
    if (text.length() > CHECK_TEXT_LIMIT) {
      text = PlanMarkdown.render(review.plan(), false);
    }
    return CheckRun.completed(
        CHECK_NAME,
        review.headSha(),
        conclusion,
        new CheckRun.Output(
            title,
            status(view) + "\n\n" + MarkdownReport.summaryLine(review.analysis()),
            Optional.of(
                text.length() > CHECK_TEXT_LIMIT ? text.substring(0, CHECK_TEXT_LIMIT) : text),
            annotations(review)));
  }

  private static List<CheckRun.Annotation> annotations(MigrationReview review) {
    List<CheckRun.Annotation> annotations = new ArrayList<>();
    for (FileAnalysis file : review.analysis().files()) {
      for (AnalyzedStatement s : file.statements()) {
        for (Finding f : s.findings()) {
          int start = Math.max(1, f.position().line());
          annotations.add(
              new CheckRun.Annotation(
                  file.path(),
                  start,
                  Math.max(start, s.source().endLine()),
                  level(f.severity()),
                  f.message()
                      + (f.safeAlternative().isBlank()
                          ? ""
                          : "\n\nSafe alternative:\n" + f.safeAlternative()),
                  Optional.of(f.ruleId() + " (" + f.code() + ")")));
        }
      }
      for (Finding f : file.fileFindings()) {
        int line = Math.max(1, f.position().line());
        annotations.add(
            new CheckRun.Annotation(
                file.path(),
                line,
                line,
                level(f.severity()),
                f.message(),
                Optional.of(f.ruleId() + " (" + f.code() + ")")));
      }
    }
    return annotations;
  }

  private static CheckRun.Annotation.Level level(Severity severity) {
    return switch (severity) {
      case ERROR -> CheckRun.Annotation.Level.FAILURE;
      case WARNING -> CheckRun.Annotation.Level.WARNING;
      case INFO -> CheckRun.Annotation.Level.NOTICE;
    };
  }

  private static String counts(MigrationReview review) {
    return review.analysis().count(Severity.ERROR)
        + " error(s), "
        + review.analysis().count(Severity.WARNING)
        + " warning(s), "
        + review.analysis().count(Severity.INFO)
        + " info(s)";
  }
}
