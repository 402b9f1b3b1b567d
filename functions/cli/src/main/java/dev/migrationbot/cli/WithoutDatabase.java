package dev.migrationbot.cli;

import dev.migrationbot.rollout.command.Verb;
import dev.migrationbot.rollout.config.DatabaseTarget;
import dev.migrationbot.rollout.port.RolloutControl;
import dev.migrationbot.rollout.port.RolloutRequest;

/**
 * Rollout commands on a local bot: a rollout's state lives in its database, which a local bot has
 * no credentials for, so the command is answered with where it does work instead of being dropped.
 */
final class WithoutDatabase implements RolloutControl {

  @Override
  public String apply(RolloutRequest rollout, DatabaseTarget target, Verb verb, String login) {
    return "this bot runs locally (`migration-bot serve`) without access to database `"
        + target.name()
        + "`, so `/migration "
        + verb.word()
        + "` changed nothing. Send it again once the deployed bot receives this repository's"
        + " webhooks.";
  }
}
