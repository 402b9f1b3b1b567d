package dev.migrationbot.analyzer.sql;

/** The outcome of parsing one statement: never an exception. */
public sealed interface ParseResult {

  record Parsed(Stmt statement) implements ParseResult {}

  /** The statement is not valid SQL: what is wrong and where. */
  record SyntaxError(String message, SourcePosition position) implements ParseResult {}
}
