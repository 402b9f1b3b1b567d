package dev.migrationbot.rollout.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PortValuesTest {

  @Test
  void repositoriesAreParsedFromTheirFullName() {
    assertThat(RepositoryRef.parse("acme/shop")).isEqualTo(RepositoryRef.of("acme", "shop"));
    assertThat(RepositoryRef.parse("acme/shop").withInstallation(7).installationId())
        .isEqualTo(OptionalLong.of(7));
    assertThatThrownBy(() -> RepositoryRef.parse("acme"))
        .hasMessageContaining("expected owner/name");
    assertThatThrownBy(() -> RepositoryRef.parse("acme/shop/extra"))
        .hasMessageContaining("expected owner/name");
    assertThatThrownBy(() -> RepositoryRef.of("acme", "../etc"))
        .hasMessageContaining("not a GitHub repository name");
  }

  @Test
  void onlyASuccessfulLatestStatusIsADeploy() {
    Instant at = Instant.parse("2026-11-25T10:00:00Z");
    assertThat(
            new Deployment(1, "abc", "production", at, Optional.of(Deployment.State.SUCCESS))
                .succeeded())
        .isTrue();
    assertThat(
            new Deployment(2, "abc", "production", at, Optional.of(Deployment.State.INACTIVE))
                .succeeded())
        .isFalse();
    assertThat(new Deployment(3, "abc", "production", at, Optional.empty()).succeeded()).isFalse();
  }

  @Test
  void aDeployedCommitContainsTheMergeWhenAheadOrIdentical() {
    assertThat(CommitRelation.AHEAD.headContainsBase()).isTrue();
    assertThat(CommitRelation.IDENTICAL.headContainsBase()).isTrue();
    assertThat(CommitRelation.BEHIND.headContainsBase()).isFalse();
    assertThat(CommitRelation.DIVERGED.headContainsBase()).isFalse();
  }

  @Test
  void removedFilesCannotBeReadAtTheHead() {
    assertThat(ChangedFile.Status.REMOVED.existsAtHead()).isFalse();
    assertThat(ChangedFile.Status.RENAMED.existsAtHead()).isTrue();
  }

  @Test
  void aCompletedCheckRunNeedsAConclusion() {
    assertThatThrownBy(
            () ->
                new CheckRun(
                    "migration-bot",
                    "abc",
                    CheckRun.Status.COMPLETED,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    CheckRun.Output.of("t", "s")))
        .hasMessageContaining("a completed check run needs a conclusion");
  }
}
