package dev.migrationbot.analyzer.sql;

import dev.migrationbot.analyzer.Identifiers;
import java.util.Arrays;

/**
 * PostgreSQL's lexical rules: strings in all their forms (standard, E'' with backslash escapes,
 * U&'', B'', X'', dollar quotes with tags), quoted identifiers, nested block comments, operators
 * and positional parameters. Never throws: malformed input becomes tokens plus an error.
 */
final class Lexer {

  private final String file;
  private final String text;
  private final int[] lineStarts;
  private int pos;
  private SourceStatement.LexError error;

  Lexer(String file, String text) {
    this.file = file;
    this.text = text;
    this.lineStarts = lineStarts(text);
  }

  int position() {
    return pos;
  }

  void seek(int offset) {
    pos = offset;
  }

  String text() {
    return text;
  }

  /** The first lexical error met since the last call, then forgets it. */
  SourceStatement.LexError takeError() {
    SourceStatement.LexError e = error;
    error = null;
    return e;
  }

  SourcePosition positionOf(int offset) {
    int line = line(offset);
    return new SourcePosition(file, line, offset - lineStarts[line - 1] + 1);
  }

  int line(int offset) {
    int i = Arrays.binarySearch(lineStarts, offset);
    return i >= 0 ? i + 1 : -i - 1;
  }

  /** Skips white space; true when the next character starts a line (or the file). */
  boolean skipWhitespaceAtLineStart() {
    skipWhitespace();
    int lineStart = lineStarts[line(pos) - 1];
    for (int i = lineStart; i < pos; i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  boolean atEnd() {
    return pos >= text.length();
  }

  char peek() {
    return text.charAt(pos);
  }

  /** Offset of the end of the current line (the newline itself or the end of the text). */
  int endOfLine(int from) {
    int i = text.indexOf('\n', from);
    return i < 0 ? text.length() : i;
  }

  /** The next token, comments included, or null at the end of the text. */
  Token next() {
    skipWhitespace();
    if (pos >= text.length()) {
      return null;
    }
    int start = pos;
    char c = text.charAt(pos);
    char n = pos + 1 < text.length() ? text.charAt(pos + 1) : '\0';
    if (c == '-' && n == '-') {
      pos = endOfLine(pos);
      return token(TokenType.COMMENT, text.substring(start, pos), start);
    }
    if (c == '/' && n == '*') {
      return blockComment(start);
    }
    if (c == '\'') {
      return standardString(start, pos + 1);
    }
    if ((c == 'e' || c == 'E') && n == '\'') {
      return escapeString(start);
    }
    if ((c == 'b' || c == 'B' || c == 'x' || c == 'X' || c == 'n' || c == 'N') && n == '\'') {
      return standardString(start, pos + 2);
    }
    if ((c == 'u' || c == 'U') && n == '&' && pos + 2 < text.length()) {
      char q = text.charAt(pos + 2);
      if (q == '\'') {
        return standardString(start, pos + 3);
      }
      if (q == '"') {
        return quotedIdentifier(start, pos + 3);
      }
    }
    if (c == '"') {
      return quotedIdentifier(start, pos + 1);
    }
    if (c == '$') {
      if (isDigit(n)) {
        pos++;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
          pos++;
        }
        return token(TokenType.PARAMETER, text.substring(start, pos), start);
      }
      Token dollar = dollarString(start);
      if (dollar != null) {
        return dollar;
      }
    }
    if (isIdentifierStart(c)) {
      pos++;
      while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
        pos++;
      }
      return token(TokenType.WORD, fold(text.substring(start, pos)), start);
    }
    if (isDigit(c) || (c == '.' && isDigit(n))) {
      return number(start);
    }
    if (c == ':' && n == ':') {
      pos += 2;
      return token(TokenType.OPERATOR, "::", start);
    }
    if ("()[],;:.".indexOf(c) >= 0) {
      pos++;
      return token(TokenType.PUNCTUATION, String.valueOf(c), start);
    }
    if (isOperatorChar(c)) {
      return operator(start);
    }
    pos++;
    return token(TokenType.OPERATOR, String.valueOf(c), start);
  }

  private Token blockComment(int start) {
    int depth = 0;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      char n = pos + 1 < text.length() ? text.charAt(pos + 1) : '\0';
      if (c == '/' && n == '*') {
        depth++;
        pos += 2;
      } else if (c == '*' && n == '/') {
        depth--;
        pos += 2;
        if (depth == 0) {
          return token(TokenType.COMMENT, text.substring(start, pos), start);
        }
      } else {
        pos++;
      }
    }
    fail("unterminated /* comment", start);
    return token(TokenType.COMMENT, text.substring(start), start);
  }

  private Token standardString(int start, int contentStart) {
    StringBuilder value = new StringBuilder();
    pos = contentStart;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\'') {
        if (pos + 1 < text.length() && text.charAt(pos + 1) == '\'') {
          value.append('\'');
          pos += 2;
          continue;
        }
        pos++;
        return token(TokenType.STRING, value.toString(), start);
      }
      value.append(c);
      pos++;
    }
    fail("unterminated quoted string", start);
    return token(TokenType.STRING, value.toString(), start);
  }

  private Token escapeString(int start) {
    StringBuilder value = new StringBuilder();
    pos = start + 2;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\\' && pos + 1 < text.length()) {
        value.append(unescape(text.charAt(pos + 1)));
        pos += 2;
        continue;
      }
      if (c == '\'') {
        if (pos + 1 < text.length() && text.charAt(pos + 1) == '\'') {
          value.append('\'');
          pos += 2;
          continue;
        }
        pos++;
        return token(TokenType.STRING, value.toString(), start);
      }
      value.append(c);
      pos++;
    }
    fail("unterminated quoted string", start);
    return token(TokenType.STRING, value.toString(), start);
  }

  private static char unescape(char c) {
    return switch (c) {
      case 'n' -> '\n';
      case 't' -> '\t';
      case 'r' -> '\r';
      case 'b' -> '\b';
      case 'f' -> '\f';
      default -> c;
    };
  }

  private Token quotedIdentifier(int start, int contentStart) {
    StringBuilder value = new StringBuilder();
    pos = contentStart;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '"') {
        if (pos + 1 < text.length() && text.charAt(pos + 1) == '"') {
          value.append('"');
          pos += 2;
          continue;
        }
        pos++;
        return token(TokenType.QUOTED_IDENTIFIER, value.toString(), start);
      }
      value.append(c);
      pos++;
    }
    fail("unterminated quoted identifier", start);
    return token(TokenType.QUOTED_IDENTIFIER, value.toString(), start);
  }

  /** A dollar-quoted string, or null when the {@code $} does not open one. */
  private Token dollarString(int start) {
    int i = start + 1;
    while (i < text.length() && text.charAt(i) != '$') {
      if (!(i == start + 1 ? isIdentifierStart(text.charAt(i)) : isTagPart(text.charAt(i)))) {
        return null;
      }
      i++;
    }
    if (i >= text.length()) {
      return null;
    }
    String tag = text.substring(start, i + 1);
    int contentStart = i + 1;
    int close = text.indexOf(tag, contentStart);
    if (close < 0) {
      fail("unterminated dollar-quoted string " + tag, start);
      pos = text.length();
      return token(TokenType.STRING, text.substring(contentStart), start);
    }
    pos = close + tag.length();
    return token(TokenType.STRING, text.substring(contentStart, close), start);
  }

  private Token number(int start) {
    while (pos < text.length() && (isDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    if (pos < text.length()
        && text.charAt(pos) == '.'
        && !(pos + 1 < text.length() && text.charAt(pos + 1) == '.')) {
      pos++;
      while (pos < text.length() && (isDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
        pos++;
      }
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      int mark = pos;
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      if (pos < text.length() && isDigit(text.charAt(pos))) {
        while (pos < text.length() && isDigit(text.charAt(pos))) {
          pos++;
        }
      } else {
        pos = mark;
      }
    }
    while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
      pos++; // 0x1F, 0o17, 0b101 (PostgreSQL 16) and junk like 123abc stay one token
    }
    return token(TokenType.NUMBER, text.substring(start, pos), start);
  }

  private Token operator(int start) {
    while (pos < text.length() && isOperatorChar(text.charAt(pos))) {
      char c = text.charAt(pos);
      char n = pos + 1 < text.length() ? text.charAt(pos + 1) : '\0';
      if (pos > start && ((c == '-' && n == '-') || (c == '/' && n == '*'))) {
        break;
      }
      pos++;
    }
    return token(TokenType.OPERATOR, text.substring(start, pos), start);
  }

  private void skipWhitespace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private Token token(TokenType type, String value, int start) {
    SourcePosition p = positionOf(start);
    return new Token(type, value, start, pos, p.line(), p.column());
  }

  private void fail(String message, int start) {
    if (error == null) {
      error = new SourceStatement.LexError(message, positionOf(start));
    }
  }

  private static String fold(String word) {
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return Identifiers.fold(word);
      }
    }
    return word;
  }

  static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || isDigit(c) || c == '$';
  }

  private static boolean isTagPart(char c) {
    return isIdentifierStart(c) || isDigit(c);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isOperatorChar(char c) {
    return "+-*/<>=~!@#%^&|`?".indexOf(c) >= 0;
  }

  private static int[] lineStarts(String text) {
    int count = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        count++;
      }
    }
    int[] starts = new int[count];
    int line = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts[line++] = i + 1;
      }
    }
    return starts;
  }
}
