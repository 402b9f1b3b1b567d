package dev.migrationbot.analyzer;

import java.util.List;
import java.util.stream.Stream;

/**
 * The analysis of one migration file.
 *
 * @param fileFindings findings about the file as a whole (an unterminated transaction, ...)
 */
public record FileAnalysis(
    String path, List<AnalyzedStatement> statements, List<Finding> fileFindings) {

  public FileAnalysis {
    statements = List.copyOf(statements);
    fileFindings = List.copyOf(fileFindings);
  }

  /** Every finding that stands, statement findings first, in file order. */
  public List<Finding> findings() {
    return Stream.concat(
            statements.stream().flatMap(s -> s.findings().stream()), fileFindings.stream())
        .toList();
  }
}
