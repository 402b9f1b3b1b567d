package dev.migrationbot.rollout.config;

import dev.migrationbot.analyzer.TransactionMode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A database the migrations of a repository roll out to.
 *
 * @param name how the configuration and the comments call it, e.g. {@code main}
 * @param secretId the Secrets Manager secret with the credentials ({@code username}, {@code
 *     password}, {@code host}, {@code port}, {@code dbname}, as RDS rotation writes them)
 * @param postgresMajor the server's major version, which decides which rules and rewrites apply
 * @param deployEnvironment the GitHub deployment environment whose deploy of the merge commit the
 *     rollout waits for before backfilling; empty for {@code none}: no wait
 * @param transactionMode how the team's migration runner wraps statements, which decides the locks
 *     that are held together
 * @param paths the migration files of this database; empty means every migration path
 */
public record DatabaseTarget(
    String name,
    String secretId,
    int postgresMajor,
    Optional<String> deployEnvironment,
    TransactionMode transactionMode,
    List<Glob> paths) {

  public static final int DEFAULT_POSTGRES_MAJOR = 16;
  public static final int MIN_POSTGRES_MAJOR = 11;
  public static final int MAX_POSTGRES_MAJOR = 18;

  public DatabaseTarget {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(secretId, "secretId");
    Objects.requireNonNull(deployEnvironment, "deployEnvironment");
    Objects.requireNonNull(transactionMode, "transactionMode");
    paths = List.copyOf(paths);
    if (postgresMajor < MIN_POSTGRES_MAJOR || postgresMajor > MAX_POSTGRES_MAJOR) {
      throw new IllegalArgumentException(
          "PostgreSQL "
              + postgresMajor
              + " is not supported; use a major from "
              + MIN_POSTGRES_MAJOR
              + " to "
              + MAX_POSTGRES_MAJOR);
    }
  }

  /** Whether a migration file belongs to this database (every file does when no paths are set). */
  public boolean owns(String path) {
    return paths.isEmpty() || paths.stream().anyMatch(g -> g.matches(path));
  }
}
