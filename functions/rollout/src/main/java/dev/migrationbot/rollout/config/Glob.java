package dev.migrationbot.rollout.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A path pattern as {@code .gitignore} and GitHub Actions write them, matched against
 * repository-relative paths with {@code /} separators: {@code *} and {@code ?} stay within one
 * directory, {@code **} spans any number of directories (zero included), {@code [abc]} and {@code
 * {sql,psql}} are alternatives.
 */
public final class Glob {

  private final String pattern;
  private final Pattern regex;

  private Glob(String pattern, Pattern regex) {
    this.pattern = pattern;
    this.regex = regex;
  }

  /**
   * @throws IllegalArgumentException saying what is wrong with the pattern
   */
  public static Glob compile(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    if (pattern.isBlank()) {
      throw new IllegalArgumentException("the pattern is empty");
    }
    if (pattern.startsWith("/")) {
      throw new IllegalArgumentException(
          "paths are relative to the repository root: drop the leading '/'");
    }
    if (pattern.contains("\\")) {
      throw new IllegalArgumentException("use '/' between directories, not '\\'");
    }
    StringBuilder regex = new StringBuilder();
    int braces = 0;
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '*') {
        boolean doubleStar = i + 1 < pattern.length() && pattern.charAt(i + 1) == '*';
        if (doubleStar) {
          boolean wholeSegment =
              (i == 0 || pattern.charAt(i - 1) == '/')
                  && (i + 2 == pattern.length() || pattern.charAt(i + 2) == '/');
          if (!wholeSegment) {
            throw new IllegalArgumentException(
                "'**' must be a whole path segment, as in 'db/**/x.sql' (at position " + i + ")");
          }
          if (i + 2 == pattern.length()) {
            regex.append(".*");
            i += 2;
          } else {
            regex.append("(?:[^/]+/)*");
            i += 3;
          }
          continue;
        }
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else if (c == '[') {
        int close = pattern.indexOf(']', i + 2);
        if (close < 0) {
          throw new IllegalArgumentException("'[' at position " + i + " is never closed");
        }
        String set = pattern.substring(i + 1, close);
        if (set.contains("/")) {
          throw new IllegalArgumentException("a [...] set cannot contain '/'");
        }
        regex.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
        i = close;
      } else if (c == '{') {
        braces++;
        regex.append("(?:");
      } else if (c == '}') {
        if (braces == 0) {
          throw new IllegalArgumentException("'}' at position " + i + " has no matching '{'");
        }
        braces--;
        regex.append(')');
      } else if (c == ',' && braces > 0) {
        regex.append('|');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
      i++;
    }
    if (braces > 0) {
      throw new IllegalArgumentException("'{' is never closed");
    }
    return new Glob(pattern, Pattern.compile(regex.toString()));
  }

  public boolean matches(String path) {
    return regex.matcher(path).matches();
  }

  public String pattern() {
    return pattern;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Glob && ((Glob) other).pattern.equals(pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
