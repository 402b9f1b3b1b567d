package dev.migrationbot.rollout.port;

/** Check runs of the bot on commits. */
public interface CheckRuns {

  /**
   * Makes the bot's check run named {@code run.name()} on {@code run.headSha()} look like {@code
   * run}: updates the existing one, or creates it. Annotations are added to those already shown.
   */
  CheckRunRef publish(RepositoryRef repository, CheckRun run);
}
