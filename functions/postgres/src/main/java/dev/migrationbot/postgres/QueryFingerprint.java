package dev.migrationbot.postgres;

/**
 * A query's shape without its values: literals become {@code ?}, whitespace collapses, the text is
 * cut at 200 characters. Lock reports show what a blocker runs without copying data into the PR.
 */
final class QueryFingerprint {

  static final int MAX_LENGTH = 200;

  private QueryFingerprint() {}

  static String of(String query) {
    if (query == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    int n = query.length();
    while (i < n && out.length() <= MAX_LENGTH) {
      char c = query.charAt(i);
      if (c == '\'') {
        i = skipQuoted(query, i + 1, '\'');
        out.append('?');
      } else if (c == '"') {
        int end = skipQuoted(query, i + 1, '"');
        out.append(query, i, end);
        i = end;
      } else if (c == '$' && dollarTag(query, i) != null) {
        String tag = dollarTag(query, i);
        int close = query.indexOf(tag, i + tag.length());
        i = close < 0 ? n : close + tag.length();
        out.append('?');
      } else if (c == '-' && i + 1 < n && query.charAt(i + 1) == '-') {
        int end = query.indexOf('\n', i);
        i = end < 0 ? n : end;
      } else if (c == '/' && i + 1 < n && query.charAt(i + 1) == '*') {
        int end = query.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (Character.isDigit(c) && !partOfWord(query, i)) {
        while (i < n && (Character.isLetterOrDigit(query.charAt(i)) || query.charAt(i) == '.')) {
          i++;
        }
        out.append('?');
      } else if (Character.isWhitespace(c)) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
          out.append(' ');
        }
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
    String text = out.toString().strip();
    return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH - 1) + "…" : text;
  }

  private static int skipQuoted(String s, int from, char quote) {
    int i = from;
    while (i < s.length()) {
      if (s.charAt(i) == quote) {
        if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return s.length();
  }

  private static String dollarTag(String s, int at) {
    int i = at + 1;
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
      if (Character.isDigit(s.charAt(i)) && i == at + 1) {
        return null;
      }
      i++;
    }
    return i < s.length() && s.charAt(i) == '$' ? s.substring(at, i + 1) : null;
  }

  /** A digit inside an identifier such as {@code t1} or a parameter such as {@code $1}. */
  private static boolean partOfWord(String s, int i) {
    if (i == 0) {
      return false;
    }
    char before = s.charAt(i - 1);
    return Character.isLetterOrDigit(before) || before == '_' || before == '$';
  }
}
