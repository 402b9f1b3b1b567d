package dev.migrationbot.analyzer.report;

import dev.migrationbot.analyzer.Analysis;
import dev.migrationbot.analyzer.AnalyzedStatement;
import dev.migrationbot.analyzer.EffectClaim;
import dev.migrationbot.analyzer.FileAnalysis;
import dev.migrationbot.analyzer.Finding;
import dev.migrationbot.analyzer.LockClaim;
import dev.migrationbot.analyzer.LockMode;
import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.analyzer.sql.Token;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Compiler-style text: each finding as {@code file:line:column: severity: message [rule, code]},
 * the source line with a caret under the offending token, the locks and effects, and the safe
 * alternative. With {@code verbose}, statements without findings are listed with their locks.
 */
public final class TextReport {

  private TextReport() {}

  public static String render(Analysis analysis, boolean verbose) {
    StringBuilder out = new StringBuilder();
    for (FileAnalysis file : analysis.files()) {
      for (AnalyzedStatement statement : file.statements()) {
        if (statement.findings().isEmpty()) {
          if (verbose) {
            out.append(file.path())
                .append(':')
                .append(statement.source().line())
                .append(": ")
                .append(firstLine(statement.source().text()))
                .append('\n');
            locks(out, statement);
          }
          continue;
        }
        for (Finding finding : statement.findings()) {
          finding(out, statement, finding);
        }
      }
      for (Finding finding : file.fileFindings()) {
        out.append(finding.position())
            .append(": ")
            .append(finding.severity().displayName())
            .append(": ")
            .append(finding.message())
            .append(" [")
            .append(finding.ruleId())
            .append(", ")
            .append(finding.code())
            .append("]\n");
      }
    }
    out.append(summary(analysis)).append('\n');
    return out.toString();
  }

  /** e.g. "12 statements in 3 files: 1 error, 2 warnings, 0 infos". */
  public static String summary(Analysis analysis) {
    int files = analysis.files().size();
    int statements = analysis.statementCount();
    return statements
        + (statements == 1 ? " statement" : " statements")
        + " in "
        + files
        + (files == 1 ? " file" : " files")
        + ": "
        + plural(analysis.count(Severity.ERROR), "error")
        + ", "
        + plural(analysis.count(Severity.WARNING), "warning")
        + ", "
        + plural(analysis.count(Severity.INFO), "info");
  }

  private static void finding(StringBuilder out, AnalyzedStatement statement, Finding finding) {
    out.append(finding.position())
        .append(": ")
        .append(finding.severity().displayName())
        .append(": ")
        .append(finding.message())
        .append(" [")
        .append(finding.ruleId())
        .append(", ")
        .append(finding.code())
        .append("]\n");
    String lineText = sourceLine(statement, finding.position().line());
    if (lineText != null) {
      String number = Integer.toString(finding.position().line());
      String gutter = " ".repeat(Math.max(0, 5 - number.length())) + number + " | ";
      out.append(gutter).append(lineText).append('\n');
      int column = Math.max(1, finding.position().column());
      out.append(" ".repeat(gutter.length() - 2))
          .append("| ")
          .append(" ".repeat(Math.min(column - 1, lineText.length())))
          .append("^".repeat(caretLength(statement, finding)))
          .append('\n');
    }
    locks(out, statement);
    if (!finding.safeAlternative().isBlank()) {
      out.append("      = safe alternative:\n");
      for (String line : finding.safeAlternative().split("\n")) {
        out.append("          ").append(line).append('\n');
      }
    }
  }

  private static void locks(StringBuilder out, AnalyzedStatement statement) {
    List<LockClaim> locks = statement.facts().locks();
    if (locks.isEmpty()) {
      return;
    }
    String lockText =
        locks.stream()
            .map(
                l -> l.mode().displayName() + " on " + l.relation() + " (" + blocks(l.mode()) + ")")
            .collect(Collectors.joining("; "));
    out.append("      = locks: ").append(lockText);
    List<EffectClaim> effects = statement.facts().effects();
    if (!effects.isEmpty()) {
      out.append("; effect: ")
          .append(
              effects.stream()
                  .map(e -> e.effect().displayName())
                  .distinct()
                  .collect(Collectors.joining(", ")));
    }
    out.append('\n');
  }

  static String blocks(LockMode mode) {
    if (mode.blocks().isEmpty()) {
      return "blocks no application query";
    }
    return "blocks "
        + mode.blocks().stream()
            .map(LockMode.Blocked::displayName)
            .collect(Collectors.joining(", "));
  }

  private static String sourceLine(AnalyzedStatement statement, int line) {
    String[] lines = statement.source().text().split("\n", -1);
    int index = line - statement.source().line();
    if (index < 0 || index >= lines.length) {
      return null;
    }
    String text = lines[index];
    if (index == 0) {
      text = " ".repeat(Math.max(0, statement.source().position().column() - 1)) + text;
    }
    return text.stripTrailing();
  }

  private static int caretLength(AnalyzedStatement statement, Finding finding) {
    for (Token t : statement.source().tokens()) {
      if (t.line() == finding.position().line() && t.column() == finding.position().column()) {
        return Math.max(1, Math.min(t.end() - t.start(), 40));
      }
    }
    return 1;
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline) + " ...";
  }

  private static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
