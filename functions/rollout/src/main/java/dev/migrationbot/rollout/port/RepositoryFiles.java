package dev.migrationbot.rollout.port;

/** Files of a repository at a given commit or branch. */
public interface RepositoryFiles {

  /**
   * @param ref a commit SHA or branch name
   * @return the file, or {@link FileContent.Absent} when there is none at that path and ref
   */
  FileContent read(RepositoryRef repository, String path, String ref);
}
