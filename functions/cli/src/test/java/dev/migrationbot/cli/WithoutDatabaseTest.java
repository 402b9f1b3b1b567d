package dev.migrationbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.analyzer.TransactionMode;
import dev.migrationbot.rollout.command.Verb;
import dev.migrationbot.rollout.config.DatabaseTarget;
import dev.migrationbot.rollout.port.RepositoryRef;
import dev.migrationbot.rollout.port.RolloutRequest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WithoutDatabaseTest {

  @Test
  void aRolloutCommandOnALocalBotSaysNothingChangedAndWhereItWorks() {
    RolloutRequest rollout =
        new RolloutRequest(
            RepositoryRef.of("octo", "shop"),
            7,
            "6dcb09b5b57875f334f61aebed695e2e4193db5e",
            List.of("db/V2__status.sql"),
            "f1f1",
            "main");
    DatabaseTarget target =
        new DatabaseTarget(
            "main", "prod/db", 16, Optional.empty(), TransactionMode.PER_FILE, List.of());

    String answer = new WithoutDatabase().apply(rollout, target, Verb.PAUSE, "alice");

    assertThat(answer)
        .contains("without access to database `main`")
        .contains("`/migration pause` changed nothing")
        .contains("deployed bot");
  }
}
