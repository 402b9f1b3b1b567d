package dev.migrationbot.analyzer;

import java.util.Locale;

/** How much a finding matters, most severe first. */
public enum Severity {
  /** Blocks reads or writes of a busy table for long, loses data, or fails at deploy time. */
  ERROR,
  /** A risk that depends on table size or traffic, or that needs a reviewer's attention. */
  WARNING,
  /** Advice that makes later migrations safer. */
  INFO;

  public String displayName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Severity parse(String text) {
    for (Severity s : values()) {
      if (s.displayName().equalsIgnoreCase(text.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown severity '" + text + "'; use error, warning or info");
  }

  /** Whether this severity is at least as severe as {@code other}. */
  public boolean atLeast(Severity other) {
    return ordinal() <= other.ordinal();
  }
}
