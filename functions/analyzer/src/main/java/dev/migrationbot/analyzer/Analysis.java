package dev.migrationbot.analyzer;

import java.util.List;
import java.util.Optional;

/** The analysis of a migration: its files in order, for one PostgreSQL major. */
public record Analysis(int pgMajor, TransactionMode transactionMode, List<FileAnalysis> files) {

  public Analysis {
    files = List.copyOf(files);
  }

  public List<Finding> findings() {
    return files.stream().flatMap(f -> f.findings().stream()).toList();
  }

  public long count(Severity severity) {
    return findings().stream().filter(f -> f.severity() == severity).count();
  }

  /** The most severe finding's severity, if there is any finding. */
  public Optional<Severity> highestSeverity() {
    return findings().stream().map(Finding::severity).min(Enum::compareTo);
  }

  public int statementCount() {
    return files.stream().mapToInt(f -> f.statements().size()).sum();
  }
}
