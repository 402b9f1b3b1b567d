package dev.migrationbot.rollout.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.analyzer.TransactionMode;
import dev.migrationbot.rollout.config.ApprovalPolicy;
import dev.migrationbot.rollout.config.BackfillDefaults;
import dev.migrationbot.rollout.config.ConfigProblem;
import dev.migrationbot.rollout.config.ContractDefaults;
import dev.migrationbot.rollout.config.DatabaseTarget;
import dev.migrationbot.rollout.config.InvalidConfigException;
import dev.migrationbot.rollout.config.RepositoryConfig;
import dev.migrationbot.rollout.event.IssueCommentEvent;
import dev.migrationbot.rollout.event.PullRequestEvent;
import dev.migrationbot.rollout.port.ChangedFile;
import dev.migrationbot.rollout.port.CheckRun;
import dev.migrationbot.rollout.port.Permission;
import dev.migrationbot.rollout.port.PullRequest;
import dev.migrationbot.rollout.port.Reaction;
import dev.migrationbot.rollout.port.RepositoryRef;
import dev.migrationbot.rollout.port.RolloutControl;
import dev.migrationbot.rollout.port.RolloutRequest;
import dev.migrationbot.rollout.port.WorkflowStart;
import dev.migrationbot.rollout.port.WorkflowStarter;
import dev.migrationbot.rollout.port.memory.InMemoryGitHub;
import dev.migrationbot.rollout.port.memory.InMemoryWorkflowStarter;
import dev.migrationbot.rollout.workflow.RolloutSection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook use-cases against in-memory GitHub and Step Functions; every delivery replayed. */
class PullRequestBotTest {

  private static final RepositoryRef REPO = RepositoryRef.of("acme", "shop").withInstallation(7);
  private static final String HEAD = "a".repeat(40);
  private static final String NEW_HEAD = "b".repeat(40);
  private static final String MERGE = "c".repeat(40);
  private static final String RISKY = "db/migrations/V2__status.sql";
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final byte[] KEY =
      "a-webhook-secret-of-some-length".getBytes(StandardCharsets.UTF_8);

  private InMemoryGitHub github;
  private InMemoryWorkflowStarter workflows;
  private PullRequestBot bot;
  private int deliveries;

  private static final RepositoryConfig CONFIG =
      new RepositoryConfig(
          RepositoryConfig.DEFAULT_MIGRATION_PATHS,
          List.of(
              new DatabaseTarget(
                  "main", "db-secret", 16, Optional.empty(), TransactionMode.PER_FILE, List.of())),
          ApprovalPolicy.DEFAULT,
          Map.of(),
          BackfillDefaults.DEFAULT,
          ContractDefaults.DEFAULT);

  /** What the rollout commands reached, as {@code verb login database}. */
  private final List<String> controlled = new ArrayList<>();

  private final RolloutControl control =
      (rollout, target, verb, login) -> {
        controlled.add(verb.word() + " " + login + " " + target.name() + " " + rollout.mergeSha());
        return "done as asked";
      };

  @BeforeEach
  void setUp() {
    github = new InMemoryGitHub("migration-bot[bot]");
    workflows = new InMemoryWorkflowStarter();
    bot = bot(KEY);
    github.givenConfig(REPO, "main", CONFIG);
    github.givenChangedFiles(
        REPO,
        12,
        List.of(
            new ChangedFile(RISKY, ChangedFile.Status.ADDED, Optional.empty()),
            new ChangedFile("src/Order.java", ChangedFile.Status.MODIFIED, Optional.empty())));
    github.givenFile(REPO, HEAD, RISKY, "CREATE INDEX orders_status_idx ON orders (status);\n");
    github.givenPermission(REPO, "alice", Permission.WRITE);
    github.givenPermission(REPO, "bob", Permission.MAINTAIN);
    github.givenPermission(REPO, "carol", Permission.READ);
    github.givenPermission(REPO, "dev", Permission.WRITE);
    github.givenPullRequest(REPO, pr(HEAD, true, false));
  }

  private PullRequestBot bot(byte[] key) {
    return new PullRequestBot(
        github,
        github,
        github,
        github,
        github,
        github,
        workflows,
        control,
        new ReviewStateCodec(key),
        new ReviewReport(Optional.empty()));
  }

  private static PullRequest pr(String head, boolean open, boolean merged) {
    return new PullRequest(
        12,
        "dev",
        head,
        Optional.of("acme/shop"),
        "main",
        open,
        merged,
        merged ? Optional.of(MERGE) : Optional.empty());
  }

  private PullRequestBot.Outcome deliverTwice(Object event) {
    PullRequestBot.Outcome first = handle(event);
    PullRequestBot.Outcome second = handle(event);
    assertThat(second.status()).isEqualTo(first.status());
    return second;
  }

  private PullRequestBot.Outcome handle(Object event) {
    return bot.handle((dev.migrationbot.rollout.event.WebhookEvent) event, NOW);
  }

  private static PullRequestEvent opened(String head) {
    return new PullRequestEvent(
        "d1",
        PullRequestEvent.Action.OPENED,
        REPO,
        12,
        "dev",
        head,
        Optional.of("acme/shop"),
        "main",
        "f".repeat(40),
        false,
        Optional.empty());
  }

  private static PullRequestEvent mergedEvent() {
    return new PullRequestEvent(
        "d9",
        PullRequestEvent.Action.CLOSED,
        REPO,
        12,
        "dev",
        HEAD,
        Optional.of("acme/shop"),
        "main",
        "f".repeat(40),
        true,
        Optional.of(MERGE));
  }

  private IssueCommentEvent comment(String sender, String body) {
    return new IssueCommentEvent(
        "c" + (++deliveries),
        IssueCommentEvent.Action.CREATED,
        REPO,
        OptionalInt.of(12),
        5000 + deliveries,
        body,
        sender,
        IssueCommentEvent.SenderType.USER);
  }

  private String body() {
    List<InMemoryGitHub.StoredComment> comments = github.comments(REPO, 12);
    assertThat(comments).hasSize(1);
    return comments.get(0).body();
  }

  private CheckRun check(String head) {
    return github.checkRun(REPO, head, "migration-bot").orElseThrow().run();
  }

  @Test
  void openedPullRequestGetsOneCommentAndOneCheckRunEvenWhenReplayed() {
    assertThat(deliverTwice(opened(HEAD)).status()).isEqualTo(200);

    String body = body();
    assertThat(body)
        .startsWith(ReviewReport.MARKER)
        .contains("**✋ Needs 2 more approvals**")
        .contains("creating-index-without-concurrently")
        .contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status)")
        .contains("<!-- migration-bot:state v1 ");
    assertThat(body).doesNotContain("src/Order.java");
    CheckRun run = check(HEAD);
    assertThat(run.conclusion()).contains(CheckRun.Conclusion.ACTION_REQUIRED);
    assertThat(run.output().annotations())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.path()).isEqualTo(RISKY);
              assertThat(a.startLine()).isEqualTo(1);
              assertThat(a.level()).isEqualTo(CheckRun.Annotation.Level.FAILURE);
            });
  }

  @Test
  void approvalsFromAllowedPeopleCountAndAreReacted() {
    handle(opened(HEAD));
    IssueCommentEvent approval =
        comment("alice", "/migration approve the table is quiet at night\nmore words");
    deliverTwice(approval);
    handle(comment("bob", "/migration approve"));

    assertThat(github.reactions(REPO, approval.commentId())).containsExactly(Reaction.PLUS_ONE);
    assertThat(body())
        .contains("**✅ Ready:**")
        .contains("✅ @alice (write): the table is quiet at night")
        .contains("✅ @bob (maintain)");
    assertThat(check(HEAD).conclusion()).contains(CheckRun.Conclusion.NEUTRAL);
  }

  @Test
  void readOnlyUsersAndTheAuthorCannotApprove() {
    handle(opened(HEAD));
    IssueCommentEvent byReader = comment("carol", "/migration approve");
    IssueCommentEvent byAuthor = comment("dev", "/migration approve lgtm");
    handle(byReader);
    handle(byAuthor);

    assertThat(github.reactions(REPO, byReader.commentId())).containsExactly(Reaction.MINUS_ONE);
    assertThat(github.reactions(REPO, byAuthor.commentId())).containsExactly(Reaction.MINUS_ONE);
    assertThat(body())
        .contains("**✋ Needs 2 more approvals**")
        .contains("wrote these migrations and cannot approve them");
  }

  @Test
  void unknownCommandsGetAConfusedReactionAndOrdinaryCommentsNothing() {
    handle(opened(HEAD));
    IssueCommentEvent typo = comment("alice", "/migration aprove");
    handle(typo);
    IssueCommentEvent chat = comment("alice", "Looks good to me");
    assertThat(handle(chat).status()).isEqualTo(202);

    assertThat(github.reactions(REPO, typo.commentId())).containsExactly(Reaction.CONFUSED);
    assertThat(github.reactions(REPO, chat.commentId())).isEmpty();
  }

  @Test
  void aPushThatChangesAMigrationMakesApprovalsStaleAndOtherPushesKeepThem() {
    handle(opened(HEAD));
    handle(comment("alice", "/migration approve"));
    handle(comment("bob", "/migration approve"));
    github.givenFile(REPO, NEW_HEAD, RISKY, "CREATE INDEX orders_status_idx ON orders (status);\n");
    github.givenPullRequest(REPO, pr(NEW_HEAD, true, false));
    handle(opened(NEW_HEAD));
    assertThat(body()).contains("**✅ Ready:**");

    String third = "c".repeat(40).replace('c', 'd');
    github.givenFile(
        REPO, third, RISKY, "CREATE INDEX orders_status_idx ON orders (status, id);\n");
    handle(opened(third));
    assertThat(body())
        .contains("**✋ Needs 2 more approvals**")
        .contains("⏳ @alice approved the migrations at")
        .contains("⏳ @bob");
    assertThat(check(third).conclusion()).contains(CheckRun.Conclusion.ACTION_REQUIRED);
  }

  @Test
  void mergingAnApprovedPullRequestStartsTheRolloutOnce() {
    handle(opened(HEAD));
    handle(comment("alice", "/migration approve"));
    handle(comment("bob", "/migration approve"));
    github.givenPullRequest(REPO, pr(HEAD, false, true));

    deliverTwice(mergedEvent());

    assertThat(workflows.started())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.mergeSha()).isEqualTo(MERGE);
              assertThat(r.migrationPaths()).containsExactly(RISKY);
              assertThat(r.fingerprint()).startsWith("sha256:");
            });
    assertThat(body())
        .contains("**🚀 Rolling out:**")
        .contains("**Rollout:** started as execution");
  }

  @Test
  void aMergeABotWithoutWorkflowEngineCannotStartSaysSoAndALaterBotStartsIt() {
    handle(opened(HEAD));
    handle(comment("alice", "/migration approve"));
    handle(comment("bob", "/migration approve"));
    github.givenPullRequest(REPO, pr(HEAD, false, true));
    PullRequestBot withoutEngine =
        new PullRequestBot(
            github,
            github,
            github,
            github,
            github,
            github,
            new WorkflowStarter() {
              @Override
              public WorkflowStart start(RolloutRequest request) {
                return new WorkflowStart.NotStarted("this bot has no workflow engine.");
              }

              @Override
              public WorkflowStart restart(RolloutRequest request, int attempt) {
                return start(request);
              }
            },
            control,
            new ReviewStateCodec(KEY),
            new ReviewReport(Optional.empty()));

    PullRequestBot.Outcome outcome = withoutEngine.handle(mergedEvent(), NOW);

    assertThat(outcome)
        .isEqualTo(new PullRequestBot.Outcome(200, "merged and approved; rollout not started"));
    assertThat(body())
        .contains("Merged and approved, but no rollout started: this bot has no workflow engine.")
        .doesNotContain("Rolling out")
        .doesNotContain("**Rollout:** started");
    handle(mergedEvent());
    assertThat(workflows.started()).hasSize(1);
    assertThat(body()).contains("**🚀 Rolling out:**");
  }

  @Test
  void aMergeWithoutApprovalsWaitsAndALaterApprovalStartsTheRollout() {
    handle(opened(HEAD));
    github.givenPullRequest(REPO, pr(HEAD, false, true));
    handle(mergedEvent());
    assertThat(workflows.started()).isEmpty();
    assertThat(body()).contains("The rollout waits for 2 more approval(s)");

    handle(comment("alice", "/migration approve"));
    assertThat(workflows.started()).isEmpty();
    handle(comment("bob", "/migration approve"));
    assertThat(workflows.started()).hasSize(1);
  }

  @Test
  void rolloutCommandsReachTheRunningRolloutOnlyFromApprovers() {
    handle(opened(HEAD));
    handle(comment("alice", "/migration pause"));
    assertThat(controlled).isEmpty();
    assertThat(body()).contains("applies to a running rollout, and this pull request has none");

    handle(comment("alice", "/migration approve"));
    handle(comment("bob", "/migration approve"));
    github.givenPullRequest(REPO, pr(HEAD, false, true));
    handle(mergedEvent());
    handle(comment("alice", "/migration pause"));
    handle(comment("carol", "/migration abort"));
    handle(comment("bob", "/migration contract"));

    assertThat(controlled)
        .containsExactly("pause alice main " + MERGE, "contract bob main " + MERGE);
    assertThat(body()).contains("@bob `/migration contract`: done as asked");
  }

  @Test
  void aMergeWithoutAConfiguredDatabaseIsOnlyReviewed() {
    github.givenConfig(REPO, "main", RepositoryConfig.DEFAULT);
    handle(opened(HEAD));
    handle(comment("alice", "/migration approve"));
    handle(comment("bob", "/migration approve"));
    github.givenPullRequest(REPO, pr(HEAD, false, true));
    handle(mergedEvent());
    assertThat(workflows.started()).isEmpty();
    assertThat(body()).contains("names no database for these files, so nothing rolls out");
  }

  @Test
  void theRolloutSectionSurvivesAReviewRefresh() {
    handle(opened(HEAD));
    String section =
        RolloutSection.render("Backfilling", Optional.empty(), List.of("42 rows"), NOW);
    github.upsert(REPO, 12, ReviewReport.MARKER, RolloutSection.splice(body(), section));
    handle(comment("alice", "/migration approve"));
    assertThat(body()).contains(section).contains("@alice approved the migrations");
    assertThat(body().indexOf(section)).isLessThan(body().indexOf("#### Analysis"));
  }

  @Test
  void closingWithoutMergeSaysNothingWillRun() {
    handle(opened(HEAD));
    handle(
        new PullRequestEvent(
            "d3",
            PullRequestEvent.Action.CLOSED,
            REPO,
            12,
            "dev",
            HEAD,
            Optional.of("acme/shop"),
            "main",
            "f".repeat(40),
            false,
            Optional.empty()));
    assertThat(body()).contains("Closed without merging: nothing will run.");
    assertThat(workflows.started()).isEmpty();
  }

  @Test
  void pullRequestsWithoutMigrationsGetNoComment() {
    github.givenChangedFiles(
        REPO,
        12,
        List.of(new ChangedFile("README.md", ChangedFile.Status.MODIFIED, Optional.empty())));
    assertThat(handle(opened(HEAD)).message()).isEqualTo("no migrations");
    assertThat(github.comments(REPO, 12)).isEmpty();
    assertThat(github.checkRun(REPO, HEAD, "migration-bot")).isEmpty();
  }

  @Test
  void removedMigrationsUpdateAnExistingComment() {
    handle(opened(HEAD));
    github.givenChangedFiles(
        REPO,
        12,
        List.of(new ChangedFile("README.md", ChangedFile.Status.MODIFIED, Optional.empty())));
    handle(opened(HEAD));
    assertThat(body()).contains("no longer changes migration files");
  }

  @Test
  void unparseableSqlFailsTheCheck() {
    github.givenFile(REPO, HEAD, RISKY, "ALTER TABLE orders ADD COLUMN;\n");
    handle(opened(HEAD));
    assertThat(check(HEAD).conclusion()).contains(CheckRun.Conclusion.FAILURE);
    assertThat(check(HEAD).output().title()).isEqualTo("Migrations do not parse");
  }

  @Test
  void anEditedStateIsDiscardedNotTrusted() {
    handle(opened(HEAD));
    handle(comment("alice", "/migration approve"));
    handle(comment("bob", "/migration approve"));
    PullRequestBot forged =
        bot("another-key-that-the-bot-does-not-use".getBytes(StandardCharsets.UTF_8));
    forged.handle(opened(HEAD), NOW);
    assertThat(body())
        .contains("was changed outside the bot")
        .contains("**✋ Needs 2 more approvals**");
  }

  @Test
  void invalidConfigurationFailsTheCheckAndPointsAtTheLine() {
    dev.migrationbot.rollout.port.RepositoryConfigs broken =
        (repository, ref) -> {
          throw new InvalidConfigException(
              ".github/migration-bot.yml",
              List.of(
                  new ConfigProblem(3, 5, "unknown key 'aprovals'", "did you mean 'approvals'?")));
        };
    PullRequestBot withBrokenConfig =
        new PullRequestBot(
            github,
            github,
            broken,
            github,
            github,
            github,
            workflows,
            control,
            new ReviewStateCodec(KEY),
            new ReviewReport(Optional.empty()));
    withBrokenConfig.handle(opened(HEAD), NOW);
    CheckRun run = check(HEAD);
    assertThat(run.conclusion()).contains(CheckRun.Conclusion.FAILURE);
    assertThat(run.output().summary()).contains(".github/migration-bot.yml:3:5");
    assertThat(run.output().annotations())
        .singleElement()
        .satisfies(a -> assertThat(a.startLine()).isEqualTo(3));
    assertThat(github.comments(REPO, 12)).isEmpty();
  }
}
