package dev.migrationbot.rollout.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.rollout.port.RepositoryRef;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PullRequestEventTest {

  @Test
  void changesFromAnotherRepositoryComeFromAFork() {
    assertThat(event(Optional.of("Acme/Shop")).fromFork()).isFalse();
    assertThat(event(Optional.of("mallory/shop")).fromFork()).isTrue();
    // GitHub sends "repo": null once the fork is deleted; its code is no more trusted.
    assertThat(event(Optional.empty()).fromFork()).isTrue();
  }

  private static PullRequestEvent event(Optional<String> headRepository) {
    return new PullRequestEvent(
        "d1",
        PullRequestEvent.Action.OPENED,
        RepositoryRef.of("acme", "shop").withInstallation(1),
        7,
        "alice",
        "a".repeat(40),
        headRepository,
        "main",
        "b".repeat(40),
        false,
        Optional.empty());
  }
}
