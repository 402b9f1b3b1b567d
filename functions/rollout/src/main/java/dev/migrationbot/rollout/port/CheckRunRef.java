package dev.migrationbot.rollout.port;

import java.util.Objects;

/** A check run as GitHub knows it. */
public record CheckRunRef(long id, String htmlUrl) {
  public CheckRunRef {
    Objects.requireNonNull(htmlUrl, "htmlUrl");
  }
}
