package dev.migrationbot.rollout.port;

import java.util.Objects;

/** A file read at a commit, or the fact that it is not there. */
public sealed interface FileContent permits FileContent.Present, FileContent.Absent {

  String path();

  String ref();

  /** The file's text (UTF-8). */
  record Present(String path, String ref, String text) implements FileContent {
    public Present {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(ref, "ref");
      Objects.requireNonNull(text, "text");
    }
  }

  /** No file at that path and ref. */
  record Absent(String path, String ref) implements FileContent {
    public Absent {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(ref, "ref");
    }
  }
}
