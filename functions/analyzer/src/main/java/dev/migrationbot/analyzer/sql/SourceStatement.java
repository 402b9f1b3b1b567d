package dev.migrationbot.analyzer.sql;

import java.util.List;
import java.util.Optional;

/**
 * One statement of a migration file as written, before parsing.
 *
 * @param file the file it comes from
 * @param index 1-based position among the file's statements
 * @param text the statement's source text, without the terminating semicolon
 * @param position where the statement's first token starts
 * @param endLine the line of its last character
 * @param tokens the statement's tokens, comments excluded
 * @param leadingComments comments between the previous statement and this one (where directives
 *     such as {@code -- migration-bot: ignore ...} live)
 * @param kind plain SQL or a psql meta-command line
 * @param copyData the data lines of {@code COPY ... FROM STDIN}, if any
 * @param error a lexical error (an unterminated string, identifier or comment), if any
 */
public record SourceStatement(
    String file,
    int index,
    String text,
    SourcePosition position,
    int endLine,
    List<Token> tokens,
    List<Token> leadingComments,
    Kind kind,
    Optional<String> copyData,
    Optional<LexError> error) {

  public SourceStatement {
    tokens = List.copyOf(tokens);
    leadingComments = List.copyOf(leadingComments);
  }

  public int line() {
    return position.line();
  }

  public enum Kind {
    SQL,
    /** A backslash command of psql such as {@code \set ON_ERROR_STOP on}. */
    PSQL_META
  }

  /** A lexical error: what is wrong and where it starts. */
  public record LexError(String message, SourcePosition position) {}
}
