package dev.migrationbot.rollout.port;

import dev.migrationbot.rollout.command.Verb;
import dev.migrationbot.rollout.config.DatabaseTarget;

/** Steers the rollout of a merged pull request on behalf of a person allowed to do so. */
public interface RolloutControl {

  /**
   * Applies a rollout command ({@link Verb#controlsRollout()}) to the pull request's rollout.
   *
   * @param rollout what the merge started
   * @param target the database it runs on
   * @param login who asked
   * @return what to tell the person, one sentence
   */
  String apply(RolloutRequest rollout, DatabaseTarget target, Verb verb, String login);
}
