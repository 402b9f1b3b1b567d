package dev.migrationbot.analyzer.sql;

/** A place in a migration file, as people count: 1-based line and column. */
public record SourcePosition(String file, int line, int column) {

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
