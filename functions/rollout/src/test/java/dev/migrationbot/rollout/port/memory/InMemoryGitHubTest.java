package dev.migrationbot.rollout.port.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrationbot.rollout.config.ApprovalPolicy;
import dev.migrationbot.rollout.config.BackfillDefaults;
import dev.migrationbot.rollout.config.ContractDefaults;
import dev.migrationbot.rollout.config.Glob;
import dev.migrationbot.rollout.config.RepositoryConfig;
import dev.migrationbot.rollout.port.ChangedFile;
import dev.migrationbot.rollout.port.CheckRun;
import dev.migrationbot.rollout.port.CheckRun.Annotation;
import dev.migrationbot.rollout.port.CheckRun.Conclusion;
import dev.migrationbot.rollout.port.CheckRun.Output;
import dev.migrationbot.rollout.port.CommentWrite.Outcome;
import dev.migrationbot.rollout.port.CommitRelation;
import dev.migrationbot.rollout.port.Deployment;
import dev.migrationbot.rollout.port.FileContent;
import dev.migrationbot.rollout.port.Permission;
import dev.migrationbot.rollout.port.Reaction;
import dev.migrationbot.rollout.port.RepositoryRef;
import dev.migrationbot.rollout.port.RequestRejectedException;
import dev.migrationbot.rollout.port.RolloutRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
  void answersWhatTheTestSetUp() {
    RepositoryConfig config =
        new RepositoryConfig(
            List.of(Glob.compile("sql/*.sql")),
            List.of(),
            ApprovalPolicy.DEFAULT,
            Map.of(),
            BackfillDefaults.DEFAULT,
            ContractDefaults.DEFAULT);
    Instant at = Instant.parse("2026-11-25T10:00:00Z");
    github
        .givenChangedFiles(
            REPO,
            7,
            List.of(new ChangedFile("sql/V1.sql", ChangedFile.Status.ADDED, Optional.empty())))
        .givenFile(REPO, "abc", "sql/V1.sql", "SELECT 1;")
        .givenConfig(REPO, "main", config)
        .givenPermission(REPO, "Bob", Permission.MAINTAIN)
        .givenTeamMember("acme/dba", "erin")
        .givenDeployment(
            REPO, new Deployment(1, "old", "production", at, Optional.of(Deployment.State.SUCCESS)))
        .givenDeployment(
            REPO, new Deployment(2, "new", "production", at.plusSeconds(60), Optional.empty()))
        .givenRelation(REPO, "merge", "new", CommitRelation.AHEAD);

    assertThat(github.changedFiles(REPO, 7)).hasSize(1);
    assertThat(github.read(REPO, "sql/V1.sql", "abc"))
        .isEqualTo(new FileContent.Present("sql/V1.sql", "abc", "SELECT 1;"));
    assertThat(github.read(REPO, "sql/V1.sql", "main")).isInstanceOf(FileContent.Absent.class);
    assertThat(github.load(REPO, "main")).isEqualTo(config);
    assertThat(github.load(REPO, "other")).isEqualTo(RepositoryConfig.DEFAULT);
    assertThat(github.permissionOf(REPO, "bob")).isEqualTo(Permission.MAINTAIN);
    assertThat(github.permissionOf(REPO, "carol")).isEqualTo(Permission.NONE);
    assertThat(github.isTeamMember(REPO, "acme/dba", "Erin")).isTrue();
    assertThat(github.recent(REPO, "production", 1))
        .extracting(Deployment::sha)
        .containsExactly("new");
    assertThat(github.compare(REPO, "merge", "new")).isEqualTo(CommitRelation.AHEAD);
    assertThat(github.compare(REPO, "new", "new")).isEqualTo(CommitRelation.IDENTICAL);
    assertThatThrownBy(() -> github.changedFiles(REPO, 8))
        .isInstanceOf(RequestRejectedException.class);

    long comment = github.givenComment(REPO, 7, "bob", "/migration approve");
    github.react(REPO, comment, Reaction.PLUS_ONE);
    github.react(REPO, comment, Reaction.PLUS_ONE);
    assertThat(github.reactions(REPO, comment)).containsExactly(Reaction.PLUS_ONE);
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
