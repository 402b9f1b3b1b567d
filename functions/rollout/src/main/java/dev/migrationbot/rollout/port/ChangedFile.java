package dev.migrationbot.rollout.port;

import java.util.Objects;
import java.util.Optional;

/**
 * A file a pull request touches.
 *
 * @param path the file's path after the change
 * @param previousPath the path before a rename or copy
 */
public record ChangedFile(String path, Status status, Optional<String> previousPath) {

  public ChangedFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(previousPath, "previousPath");
  }

  /** GitHub's file statuses. */
  public enum Status {
    ADDED,
    MODIFIED,
    REMOVED,
    RENAMED,
    COPIED,
    CHANGED,
    UNCHANGED;

    /** Whether the file exists at the head commit (so it can be read there). */
    public boolean existsAtHead() {
      return this != REMOVED;
    }
  }
}
