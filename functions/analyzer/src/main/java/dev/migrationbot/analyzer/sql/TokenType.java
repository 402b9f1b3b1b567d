package dev.migrationbot.analyzer.sql;

/** The kinds of PostgreSQL lexical tokens the analyzer distinguishes. */
public enum TokenType {
  /** A key word or an unquoted identifier; its value is folded to lower case. */
  WORD,
  /** A double-quoted identifier; its value is unescaped and keeps its case. */
  QUOTED_IDENTIFIER,
  /** A string constant in any of its forms: '', E'', U&'', B'', X'', or dollar-quoted. */
  STRING,
  NUMBER,
  /** A positional parameter such as {@code $1}. */
  PARAMETER,
  /** An operator such as {@code =}, {@code ::}, {@code ->>}. */
  OPERATOR,
  /** One of {@code ( ) [ ] , ; : .}. */
  PUNCTUATION,
  /** A {@code --} or (possibly nested) block comment. */
  COMMENT
}
