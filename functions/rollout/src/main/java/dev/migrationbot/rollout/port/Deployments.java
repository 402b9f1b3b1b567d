package dev.migrationbot.rollout.port;

import java.util.List;

/** What is deployed where, to tell when the application that needs a migration is live. */
public interface Deployments {

  /**
   * The most recent deployments to {@code environment}, newest first, each with its latest status.
   *
   * @param limit how many deployments to look at
   */
  List<Deployment> recent(RepositoryRef repository, String environment, int limit);

  /**
   * How {@code head} relates to {@code base}: a deployed SHA contains a merge commit when it is
   * {@link CommitRelation#AHEAD} of it or {@link CommitRelation#IDENTICAL}.
   */
  CommitRelation compare(RepositoryRef repository, String base, String head);
}
