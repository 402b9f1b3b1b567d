package dev.migrationbot.analyzer;

import java.util.Objects;

/** A migration file: its path as the repository names it, and its content. */
public record MigrationFile(String path, String content) {
  public MigrationFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(content, "content");
  }
}
