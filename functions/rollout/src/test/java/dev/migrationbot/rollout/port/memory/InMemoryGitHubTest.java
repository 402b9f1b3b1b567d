package dev.migrationbot.rollout.port.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.rollout.port.CheckRun;
import dev.migrationbot.rollout.port.CheckRun.Annotation;
import dev.migrationbot.rollout.port.CheckRun.Conclusion;
import dev.migrationbot.rollout.port.CheckRun.Output;
import dev.migrationbot.rollout.port.CommentWrite.Outcome;
import dev.migrationbot.rollout.port.RepositoryRef;
import dev.migrationbot.rollout.port.RolloutRequest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryGitHubTest {

  private static final RepositoryRef REPO = RepositoryRef.of("acme", "shop");
  private static final String MARKER = "<!-- migration-bot:report -->";
  private final InMemoryGitHub github = new InMemoryGitHub("migration-bot[bot]");

  @Test
  void upsertKeepsOneCommentAndSkipsIdenticalWrites() {
    github.givenComment(REPO, 7, "mallory", MARKER + " pasted by someone else");

    assertThat(github.upsert(REPO, 7, MARKER, MARKER + " v1").outcome()).isEqualTo(Outcome.CREATED);
    assertThat(github.upsert(REPO, 7, MARKER, MARKER + " v2").outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(github.upsert(REPO, 7, MARKER, MARKER + " v2").outcome())
        .isEqualTo(Outcome.UNCHANGED);

    assertThat(github.comments(REPO, 7))
        .extracting(InMemoryGitHub.StoredComment::body)
        .containsExactly(MARKER + " pasted by someone else", MARKER + " v2");
    assertThat(github.writes()).isEqualTo(2);
  }

  @Test
  void oneCheckRunPerNameAndShaCollectsAnnotations() {
    Annotation first =
        new Annotation("db/V1.sql", 1, 1, Annotation.Level.WARNING, "a", Optional.empty());
    Annotation second =
        new Annotation("db/V1.sql", 2, 2, Annotation.Level.FAILURE, "b", Optional.empty());
    long id =
        github
            .publish(
                REPO,
                CheckRun.inProgress(
                    "migration-bot", "abc", new Output("t", "s", Optional.empty(), List.of(first))))
            .id();
    github.publish(
        REPO,
        CheckRun.completed(
            "migration-bot",
            "abc",
            Conclusion.FAILURE,
            new Output("t", "s", Optional.empty(), List.of(second))));

    InMemoryGitHub.StoredCheckRun run = github.checkRun(REPO, "abc", "migration-bot").orElseThrow();
    assertThat(run.id()).isEqualTo(id);
    assertThat(run.run().conclusion()).contains(Conclusion.FAILURE);
    assertThat(run.annotations()).containsExactly(first, second);
  }

  @Test
  void aRolloutStartsOnce() {
    InMemoryWorkflowStarter starter = new InMemoryWorkflowStarter();
    RolloutRequest request =
        new RolloutRequest(
            REPO.withInstallation(42),
            7,
            "6dcb09b5b57875f334f61aebed695e2e4193db5e",
            List.of("db/migrations/V1__a.sql"),
            "f1f1",
            "main");

    assertThat(starter.start(request).alreadyStarted()).isFalse();
    assertThat(starter.start(request).alreadyStarted()).isTrue();
    assertThat(starter.started()).containsExactly(request);
  }
}
