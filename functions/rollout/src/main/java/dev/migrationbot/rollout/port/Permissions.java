package dev.migrationbot.rollout.port;

/** Who may do what on a repository. */
public interface Permissions {

  /** The person's role on the repository; {@link Permission#NONE} for strangers. */
  Permission permissionOf(RepositoryRef repository, String login);

  /**
   * Whether the person is an active member of the team.
   *
   * @param team {@code org/team-slug}
   */
  boolean isTeamMember(RepositoryRef repository, String team, String login);
}
