package dev.migrationbot.analyzer.report;

import dev.migrationbot.analyzer.Analysis;
import dev.migrationbot.analyzer.AnalyzedStatement;
import dev.migrationbot.analyzer.EffectClaim;
import dev.migrationbot.analyzer.FileAnalysis;
import dev.migrationbot.analyzer.Finding;
import dev.migrationbot.analyzer.LockClaim;
import dev.migrationbot.analyzer.LockMode;
import dev.migrationbot.analyzer.Phase;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.StatementFacts;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * GitHub-flavoured Markdown for the analysis: per file a table of statements with their locks, what
 * those block, effect and phase, then each finding with its safe SQL. It is the body of the
 * pull-request comment, so it holds no terminal escapes and no HTML beyond {@code <details>}.
 */
public final class MarkdownReport {

  private static final int STATEMENT_WIDTH = 90;

  private final Optional<String> docsBaseUrl;

  /**
   * @param docsBaseUrl where rule pages live, e.g. {@code
   *     https://github.com/o/r/blob/main/docs/rules/}; without it rule ids are not linked
   */
  public MarkdownReport(Optional<String> docsBaseUrl) {
    this.docsBaseUrl = docsBaseUrl;
  }

  public String render(Analysis analysis) {
    StringBuilder out = new StringBuilder();
    out.append(summaryLine(analysis)).append("\n\n");
    for (FileAnalysis file : analysis.files()) {
      file(out, file);
    }
    return out.toString();
  }

  /** One line: counts of files, statements and findings by severity. */
  public static String summaryLine(Analysis analysis) {
    return "**"
        + analysis.files().size()
        + (analysis.files().size() == 1 ? " file" : " files")
        + ", "
        + analysis.statementCount()
        + " statements** on PostgreSQL "
        + analysis.pgMajor()
        + ": "
        + icon(Severity.ERROR)
        + " "
        + analysis.count(Severity.ERROR)
        + " errors · "
        + icon(Severity.WARNING)
        + " "
        + analysis.count(Severity.WARNING)
        + " warnings · "
        + icon(Severity.INFO)
        + " "
        + analysis.count(Severity.INFO)
        + " infos";
  }

  /** The file's section: statement table and findings. */
  public void file(StringBuilder out, FileAnalysis file) {
    out.append("#### `").append(file.path()).append("`\n\n");
    if (file.statements().isEmpty()) {
      out.append("_No statements._\n\n");
      return;
    }
    out.append("| Line | Statement | Lock (blocks) | Effect | Phase |\n");
    out.append("| ---: | --- | --- | --- | --- |\n");
    for (AnalyzedStatement s : file.statements()) {
      out.append("| ")
          .append(s.source().line())
          .append(" | ")
          .append(code(shorten(s.source().text())))
          .append(" | ")
          .append(locks(s.facts()))
          .append(" | ")
          .append(effects(s.facts()))
          .append(" | ")
          .append(s.phase().map(Phase::displayName).orElse(""))
          .append(" |\n");
    }
    out.append('\n');
    for (AnalyzedStatement s : file.statements()) {
      for (Finding f : s.findings()) {
        finding(out, f);
      }
      for (AnalyzedStatement.Suppressed suppressed : s.suppressed()) {
        out.append("- ")
            .append("~~")
            .append(suppressed.finding().ruleId())
            .append("~~ ignored at line ")
            .append(s.source().line())
            .append(": ")
            .append(escape(suppressed.reason()))
            .append('\n');
      }
    }
    for (Finding f : file.fileFindings()) {
      finding(out, f);
    }
    out.append('\n');
  }

  private void finding(StringBuilder out, Finding f) {
    out.append("- ")
        .append(icon(f.severity()))
        .append(" **")
        .append(f.severity().displayName())
        .append("** ")
        .append(rule(f))
        .append(" line ")
        .append(f.position().line())
        .append(": ")
        .append(escape(f.message()))
        .append('\n');
    if (!f.safeAlternative().isBlank()) {
      out.append("  <details><summary>Safe alternative</summary>\n\n").append("  ```sql\n");
      for (String line : f.safeAlternative().split("\n")) {
        out.append("  ").append(line).append('\n');
      }
      out.append("  ```\n  </details>\n");
    }
  }

  private String rule(Finding f) {
    String label = "`" + f.ruleId() + "` (" + f.code() + ")";
    return docsBaseUrl.map(base -> "[" + label + "](" + base + f.ruleId() + ".md)").orElse(label);
  }

  static String locks(StatementFacts facts) {
    if (facts.claim() == StatementFacts.Claim.UNRECOGNIZED) {
      return "_not modelled: no lock claim_";
    }
    if (facts.claim() == StatementFacts.Claim.SYNTAX_ERROR) {
      return "_does not parse_";
    }
    List<LockClaim> locks = facts.locks();
    if (locks.isEmpty()) {
      return "none on existing tables";
    }
    return locks.stream()
        .map(l -> l.mode().displayName() + " on `" + l.relation() + "` (" + blocked(l.mode()) + ")")
        .collect(Collectors.joining("<br>"));
  }

  private static String blocked(LockMode mode) {
    if (mode.blocks().isEmpty()) {
      return "nothing";
    }
    return mode.blocks().stream()
        .map(LockMode.Blocked::displayName)
        .collect(Collectors.joining(", "));
  }

  static String effects(StatementFacts facts) {
    return facts.effects().stream()
        .map(EffectClaim::effect)
        .distinct()
        .map(e -> e.displayName())
        .collect(Collectors.joining(", "));
  }

  static String icon(Severity severity) {
    return switch (severity) {
      case ERROR -> "🛑";
      case WARNING -> "⚠️";
      case INFO -> "ℹ️";
    };
  }

  private static String shorten(String sql) {
    String flat = sql.replaceAll("\\s+", " ").trim();
    return flat.length() <= STATEMENT_WIDTH ? flat : flat.substring(0, STATEMENT_WIDTH - 1) + "…";
  }

  /** Inline code that survives inside a table cell. */
  private static String code(String text) {
    String safe = text.replace("|", "\\|");
    String fence = safe.contains("`") ? "``" : "`";
    return fence + (fence.length() > 1 ? " " : "") + safe + (fence.length() > 1 ? " " : "") + fence;
  }

  /** Markdown text with table and emphasis characters neutralised. */
  static String escape(String text) {
    return text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("*", "\\*")
        .replace("_", "\\_")
        .replace("<", "&lt;")
        .replace("\n", " ");
  }
}
