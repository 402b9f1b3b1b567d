package dev.migrationbot.rollout.port;

import java.util.List;

/** The changes of a pull request. */
public interface PullRequests {

  /** Every file the pull request changes, across all pages, in GitHub's order. */
  List<ChangedFile> changedFiles(RepositoryRef repository, int number);

  /** The pull request's current head, author and state. */
  PullRequest get(RepositoryRef repository, int number);
}
