package dev.migrationbot.analyzer.sql;

/**
 * One lexical token.
 *
 * @param type the token's kind
 * @param value for words the lower-cased text, for quoted identifiers and strings the unescaped
 *     content, otherwise the text itself
 * @param start offset of the first character in the file
 * @param end offset just after the last character
 * @param line 1-based line of the first character
 * @param column 1-based column of the first character
 */
public record Token(TokenType type, String value, int start, int end, int line, int column) {

  public boolean isWord(String word) {
    return type == TokenType.WORD && value.equals(word);
  }

  public boolean isPunctuation(char c) {
    return type == TokenType.PUNCTUATION && value.length() == 1 && value.charAt(0) == c;
  }

  public boolean isOperator(String operator) {
    return type == TokenType.OPERATOR && value.equals(operator);
  }

  /** A word or quoted identifier: something that can name an object. */
  public boolean isIdentifier() {
    return type == TokenType.WORD || type == TokenType.QUOTED_IDENTIFIER;
  }
}
