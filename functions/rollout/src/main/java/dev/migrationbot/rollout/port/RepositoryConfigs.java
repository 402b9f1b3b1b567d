package dev.migrationbot.rollout.port;

import dev.migrationbot.rollout.config.InvalidConfigException;
import dev.migrationbot.rollout.config.RepositoryConfig;

/** A repository's bot configuration ({@link RepositoryConfig#PATH}). */
public interface RepositoryConfigs {

  /**
   * The configuration as committed on {@code ref}; the defaults when there is no file.
   *
   * @param ref the base branch (or its SHA): never the pull request's head
   * @throws InvalidConfigException when the file exists but cannot be used
   */
  RepositoryConfig load(RepositoryRef repository, String ref);
}
