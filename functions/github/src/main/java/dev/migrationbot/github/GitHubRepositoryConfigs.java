package dev.migrationbot.github;

import dev.migrationbot.rollout.config.RepositoryConfig;
import dev.migrationbot.rollout.port.FileContent;
import dev.migrationbot.rollout.port.RepositoryConfigs;
import dev.migrationbot.rollout.port.RepositoryFiles;
import dev.migrationbot.rollout.port.RepositoryRef;
import java.util.Objects;
import java.util.Set;

/** Reads {@link RepositoryConfig#PATH} through the files port and parses it. */
public final class GitHubRepositoryConfigs implements RepositoryConfigs {

  private final RepositoryFiles files;
  private final Set<String> knownRuleIds;

  /**
   * @param knownRuleIds the analyzer's rule ids, to catch misspelt overrides
   */
  public GitHubRepositoryConfigs(RepositoryFiles files, Set<String> knownRuleIds) {
    this.files = Objects.requireNonNull(files, "files");
    this.knownRuleIds = Set.copyOf(knownRuleIds);
  }

  @Override
  public RepositoryConfig load(RepositoryRef repository, String ref) {
    FileContent content = files.read(repository, RepositoryConfig.PATH, ref);
    if (content instanceof FileContent.Present) {
      return RepositoryConfigParser.parse(((FileContent.Present) content).text(), knownRuleIds);
    }
    return RepositoryConfig.DEFAULT;
  }
}
