package dev.migrationbot.rollout.port;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a merge asks the rollout workflow to do. Everything is a pure function of the merged pull
 * request, so a redelivered merge event asks for exactly the same rollout.
 *
 * @param repository the repository, with the installation to report progress through
 * @param pullRequest the merged pull request's number
 * @param mergeSha the merge commit, where the migrations are read from
 * @param migrationPaths the migration files to roll out, in the order they run
 * @param fingerprint the approved migration fingerprint; the workflow refuses other contents
 * @param database the configured database target's name
 */
public record RolloutRequest(
    RepositoryRef repository,
    int pullRequest,
    String mergeSha,
    List<String> migrationPaths,
    String fingerprint,
    String database) {

  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

  public RolloutRequest {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(mergeSha, "mergeSha");
    migrationPaths = List.copyOf(migrationPaths);
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(database, "database");
    if (pullRequest < 1) {
      throw new IllegalArgumentException("pull request numbers start at 1: " + pullRequest);
    }
    if (!SHA.matcher(mergeSha).matches()) {
      throw new IllegalArgumentException("not a full commit SHA: " + mergeSha);
    }
    if (migrationPaths.isEmpty()) {
      throw new IllegalArgumentException("a rollout needs at least one migration file");
    }
  }
}
