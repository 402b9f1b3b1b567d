package dev.migrationbot.rollout.review;

import dev.migrationbot.analyzer.Severity;
import dev.migrationbot.rollout.command.Approval;
import dev.migrationbot.rollout.command.ApprovalDecision;
import dev.migrationbot.rollout.command.ApprovalEvaluator;
import dev.migrationbot.rollout.command.CommandParser;
import dev.migrationbot.rollout.command.CommentParse;
import dev.migrationbot.rollout.command.Verb;
import dev.migrationbot.rollout.config.ApprovalPolicy;
import dev.migrationbot.rollout.config.ConfigProblem;
import dev.migrationbot.rollout.config.InvalidConfigException;
import dev.migrationbot.rollout.config.RepositoryConfig;
import dev.migrationbot.rollout.event.IgnoredEvent;
import dev.migrationbot.rollout.event.IssueCommentEvent;
import dev.migrationbot.rollout.event.PingEvent;
import dev.migrationbot.rollout.event.PullRequestEvent;
import dev.migrationbot.rollout.event.WebhookEvent;
import dev.migrationbot.rollout.port.BotComment;
import dev.migrationbot.rollout.port.CheckRun;
import dev.migrationbot.rollout.port.CheckRuns;
import dev.migrationbot.rollout.port.Comments;
import dev.migrationbot.rollout.port.Permission;
import dev.migrationbot.rollout.port.Permissions;
import dev.migrationbot.rollout.port.PullRequest;
import dev.migrationbot.rollout.port.PullRequests;
import dev.migrationbot.rollout.port.Reaction;
import dev.migrationbot.rollout.port.RepositoryConfigs;
import dev.migrationbot.rollout.port.RepositoryFiles;
import dev.migrationbot.rollout.port.RepositoryRef;
import dev.migrationbot.rollout.port.RolloutControl;
import dev.migrationbot.rollout.port.RolloutRequest;
import dev.migrationbot.rollout.port.WorkflowStart;
import dev.migrationbot.rollout.port.WorkflowStarter;
import dev.migrationbot.rollout.workflow.RolloutSection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the bot does with each webhook delivery: reviews pull requests (one comment, one check run),
 * takes comment commands from people allowed to give them, and starts the rollout when an approved
 * pull request is merged.
 *
 * <p>Idempotent by construction: a replayed delivery recomputes the same review from GitHub's
 * state, upserts the same comment (found by its marker), publishes the same check run for the same
 * head, and starts the rollout under a deterministic execution name.
 */
public final class PullRequestBot {

  private final PullRequests pullRequests;
  private final RepositoryConfigs configs;
  private final Comments comments;
  private final CheckRuns checkRuns;
  private final Permissions permissions;
  private final WorkflowStarter workflows;
  private final RolloutControl rollouts;
  private final ReviewStateCodec codec;
  private final ReviewReport report;
  private final MigrationReviewer reviewer;

  public PullRequestBot(
      PullRequests pullRequests,
      RepositoryFiles files,
      RepositoryConfigs configs,
      Comments comments,
      CheckRuns checkRuns,
      Permissions permissions,
      WorkflowStarter workflows,
      RolloutControl rollouts,
      ReviewStateCodec codec,
      ReviewReport report) {
    this.pullRequests = pullRequests;
    this.configs = configs;
    this.comments = comments;
    this.checkRuns = checkRuns;
    this.permissions = permissions;
    this.workflows = workflows;
    this.rollouts = rollouts;
    this.codec = codec;
    this.report = report;
    this.reviewer = new MigrationReviewer(pullRequests, files);
  }

  /** How the webhook answers GitHub. */
  public record Outcome(int status, String message) {}

  public Outcome handle(WebhookEvent event, Instant now) {
    if (event instanceof PingEvent) {
      return new Outcome(200, "pong");
    }
    if (event instanceof IgnoredEvent ignored) {
      return new Outcome(202, ignored.reason());
    }
    if (event instanceof PullRequestEvent pr) {
      return pullRequest(pr);
    }
    return comment((IssueCommentEvent) event, now);
  }

  // ---------------------------------------------------------------- pull request events

  private Outcome pullRequest(PullRequestEvent e) {
    PullRequest pr =
        new PullRequest(
            e.number(),
            e.author(),
            e.headSha(),
            e.headRepository(),
            e.baseRef(),
            e.action() != PullRequestEvent.Action.CLOSED,
            e.merged(),
            e.mergeCommitSha());
    return switch (e.action()) {
      case OPENED, SYNCHRONIZE, REOPENED -> refresh(e.repository(), pr, List.of()).outcome();
      case CLOSED ->
          e.merged() ? merged(e.repository(), pr, List.of()) : closedUnmerged(e.repository(), pr);
    };
  }

  private Outcome closedUnmerged(RepositoryRef repo, PullRequest pr) {
    Optional<BotComment> existing = comments.find(repo, pr.number(), ReviewReport.MARKER);
    if (existing.isEmpty()) {
      return new Outcome(202, "closed without migrations reviewed");
    }
    return refresh(repo, pr, List.of("Closed without merging: nothing will run.")).outcome();
  }

  private Outcome merged(RepositoryRef repo, PullRequest pr, List<String> notices) {
    Refreshed refreshed = refresh(repo, pr, notices);
    if (refreshed.review().isEmpty()) {
      return refreshed.outcome();
    }
    return startIfReady(repo, pr, refreshed);
  }

  /** Starts the rollout of a merged pull request once its migrations are approved and plannable. */
  private Outcome startIfReady(RepositoryRef repo, PullRequest pr, Refreshed refreshed) {
    MigrationReview review = refreshed.review().get();
    if (refreshed.state().rolloutExecution().isPresent()) {
      return new Outcome(200, "rollout already started");
    }
    if (review.blocked()) {
      show(
          repo,
          pr,
          refreshed.config(),
          review,
          refreshed.state(),
          List.of(
              "Merged, but the migrations cannot roll out as they are: nothing runs. Fix them in a new pull request."));
      return new Outcome(200, "merged; migrations blocked");
    }
    if (!refreshed.decision().satisfied()) {
      show(
          repo,
          pr,
          refreshed.config(),
          review,
          refreshed.state(),
          List.of(
              "Merged. The rollout waits for "
                  + refreshed.decision().missing()
                  + " more approval(s): it starts as soon as they are given with `/migration approve`."));
      return new Outcome(200, "merged; waiting for approvals");
    }
    if (review.target().isEmpty()) {
      show(
          repo,
          pr,
          refreshed.config(),
          review,
          refreshed.state(),
          List.of(
              "Merged and approved, but `.github/migration-bot.yml` names no database for these"
                  + " files, so nothing rolls out: the bot only reviews them."));
      return new Outcome(200, "merged; no database configured");
    }
    WorkflowStart outcome = workflows.start(request(repo, pr, review));
    if (outcome instanceof WorkflowStart.NotStarted notStarted) {
      show(
          repo,
          pr,
          refreshed.config(),
          review,
          refreshed.state(),
          List.of("Merged and approved, but no rollout started: " + notStarted.reason()));
      return new Outcome(200, "merged and approved; rollout not started");
    }
    WorkflowStart.Started start = (WorkflowStart.Started) outcome;
    ReviewState state = refreshed.state().rolloutStarted(start.executionId());
    show(
        repo,
        pr,
        refreshed.config(),
        review,
        state,
        List.of(
            "Merged and approved: the rollout "
                + (start.alreadyStarted() ? "was already running" : "started")
                + " (execution `"
                + start.executionName()
                + "`). Progress appears here."));
    return new Outcome(200, "rollout started: " + start.executionName());
  }

  // ---------------------------------------------------------------- review

  private record Refreshed(
      Outcome outcome,
      RepositoryConfig config,
      Optional<MigrationReview> review,
      ReviewState state,
      ApprovalDecision decision) {}

  /** Reviews the pull request at its head and publishes the comment and the check run. */
  private Refreshed refresh(RepositoryRef repo, PullRequest pr, List<String> notices) {
    RepositoryConfig config;
    try {
      config = configs.load(repo, pr.baseRef());
    } catch (InvalidConfigException e) {
      checkRuns.publish(repo, invalidConfig(pr, e));
      return new Refreshed(
          new Outcome(200, "invalid configuration"),
          RepositoryConfig.DEFAULT,
          Optional.empty(),
          ReviewState.EMPTY,
          null);
    }
    Optional<BotComment> existing = comments.find(repo, pr.number(), ReviewReport.MARKER);
    ReviewStateCodec.Decoded decoded =
        existing.map(c -> codec.decode(c.body())).orElse(new ReviewStateCodec.Decoded.Absent());
    List<String> allNotices = new ArrayList<>(notices);
    if (decoded instanceof ReviewStateCodec.Decoded.Tampered) {
      allNotices.add(
          "The hidden state of this comment was changed outside the bot, so the approvals it held"
              + " were discarded: approve again with `/migration approve`.");
    }
    ReviewState state = decoded.stateOrEmpty();
    Optional<MigrationReview> review = reviewer.review(repo, pr.number(), pr.headSha(), config);
    if (review.isEmpty()) {
      if (existing.isPresent()) {
        comments.upsert(
            repo, pr.number(), ReviewReport.MARKER, ReviewReport.noMigrations(codec.encode(state)));
      }
      return new Refreshed(new Outcome(200, "no migrations"), config, review, state, null);
    }
    state = state.analysed(review.get().fingerprint(), pr.headSha());
    ApprovalDecision decision = show(repo, pr, config, review.get(), state, allNotices);
    return new Refreshed(
        new Outcome(200, "reviewed " + review.get().files().size() + " migration file(s)"),
        config,
        review,
        state,
        decision);
  }

  /** Renders the review with its approvals and publishes the comment and the check run. */
  private ApprovalDecision show(
      RepositoryRef repo,
      PullRequest pr,
      RepositoryConfig config,
      MigrationReview review,
      ReviewState state,
      List<String> notices) {
    ApprovalDecision decision = decide(state, pr, config, review);
    ReviewReport.View view =
        new ReviewReport.View(
            review, decision, notices, state.rolloutExecution(), pr.fromFork(repo));
    String body = report.comment(view, codec.encode(state));
    Optional<String> rollout =
        comments
            .find(repo, pr.number(), ReviewReport.MARKER)
            .flatMap(c -> RolloutSection.extract(c.body()));
    comments.upsert(
        repo,
        pr.number(),
        ReviewReport.MARKER,
        rollout.map(section -> RolloutSection.splice(body, section)).orElse(body));
    checkRuns.publish(repo, report.checkRun(view));
    return decision;
  }

  private static ApprovalDecision decide(
      ReviewState state, PullRequest pr, RepositoryConfig config, MigrationReview review) {
    Optional<Severity> highest = review.analysis().highestSeverity();
    return ApprovalEvaluator.evaluate(
        state.approvals(), pr.author(), config.approvals(), review.fingerprint(), highest);
  }

  private static CheckRun invalidConfig(PullRequest pr, InvalidConfigException e) {
    String problems =
        e.problems().stream()
            .map(p -> "- `" + e.path() + ":" + p + "`")
            .collect(Collectors.joining("\n"));
    List<CheckRun.Annotation> annotations = new ArrayList<>();
    for (ConfigProblem p : e.problems()) {
      int line = Math.max(1, p.line());
      annotations.add(
          new CheckRun.Annotation(
              e.path(),
              line,
              line,
              CheckRun.Annotation.Level.FAILURE,
              p.problem() + (p.fix().isBlank() ? "" : "; " + p.fix()),
              Optional.of("invalid configuration")));
    }
    return CheckRun.completed(
        ReviewReport.CHECK_NAME,
        pr.headSha(),
        CheckRun.Conclusion.FAILURE,
        new CheckRun.Output(
            "Invalid " + e.path() + " on the base branch",
            "migration-bot reads its configuration from the base branch (`"
                + pr.baseRef()
                + "`); nothing else runs until it is fixed there:\n\n"
                + problems,
            Optional.empty(),
            annotations));
  }

  // ---------------------------------------------------------------- commands

  private Outcome comment(IssueCommentEvent e, Instant now) {
    if (e.action() != IssueCommentEvent.Action.CREATED || e.pullRequest().isEmpty()) {
      return new Outcome(202, "not a new comment on a pull request");
    }
    if (e.senderType() == IssueCommentEvent.SenderType.BOT) {
      return new Outcome(202, "comment by a bot");
    }
    CommentParse parse = CommandParser.parse(e.body());
    if (parse instanceof CommentParse.NotACommand) {
      return new Outcome(202, "not a command");
    }
    RepositoryRef repo = e.repository();
    int number = e.pullRequest().getAsInt();
    PullRequest pr = pullRequests.get(repo, number);
    if (parse instanceof CommentParse.NotUnderstood notUnderstood) {
      comments.react(repo, e.commentId(), Reaction.CONFUSED);
      refresh(repo, pr, List.of("@" + e.sender() + ": " + notUnderstood.message()));
      return new Outcome(200, "command not understood");
    }
    CommentParse.Command command = (CommentParse.Command) parse;
    RepositoryConfig config;
    try {
      config = configs.load(repo, pr.baseRef());
    } catch (InvalidConfigException ex) {
      comments.react(repo, e.commentId(), Reaction.CONFUSED);
      checkRuns.publish(repo, invalidConfig(pr, ex));
      return new Outcome(200, "invalid configuration");
    }
    Permission permission = permissions.permissionOf(repo, e.sender());
    Set<String> teams = teamsOf(repo, e.sender(), config.approvals());
    Optional<String> refusal =
        refusal(command.verb(), e.sender(), permission, teams, pr, config.approvals());
    if (refusal.isPresent()) {
      comments.react(repo, e.commentId(), Reaction.MINUS_ONE);
      refresh(repo, pr, List.of(refusal.get()));
      return new Outcome(200, "command not allowed");
    }
    comments.react(repo, e.commentId(), Reaction.PLUS_ONE);
    return switch (command.verb()) {
      case APPROVE ->
          approve(repo, pr, config, e.sender(), permission, teams, command.reason(), now);
      case UNAPPROVE -> unapprove(repo, pr, config, e.sender());
      case HELP ->
          refresh(repo, pr, List.of("@" + e.sender() + ": " + CommandParser.helpText())).outcome();
      case PLAN, STATUS -> refresh(repo, pr, List.of()).outcome();
      default -> rolloutCommand(repo, pr, config, command.verb(), e.sender());
    };
  }

  /** Why the sender may not give the command, or empty when they may. */
  private static Optional<String> refusal(
      Verb verb,
      String sender,
      Permission permission,
      Set<String> teams,
      PullRequest pr,
      ApprovalPolicy policy) {
    boolean approver =
        policy.permissions().contains(permission)
            || teams.stream().anyMatch(policy.teams()::contains);
    if (verb == Verb.PLAN || verb == Verb.STATUS || verb == Verb.HELP) {
      return permission == Permission.NONE
          ? Optional.of(
              "@"
                  + sender
                  + " is not a collaborator of this repository, so `"
                  + verb.usage()
                  + "` was ignored.")
          : Optional.empty();
    }
    if (!approver) {
      return Optional.of(
          "@"
              + sender
              + " has the "
              + permission.displayName()
              + " role; `"
              + verb.usage()
              + "` needs one of: "
              + ApprovalEvaluator.whoCounts(policy)
              + ".");
    }
    if (verb == Verb.APPROVE && !policy.selfApproval() && sender.equalsIgnoreCase(pr.author())) {
      return Optional.of(
          "@"
              + sender
              + " wrote these migrations and cannot approve them"
              + " (`approvals.self-approval: false` in `.github/migration-bot.yml`).");
    }
    return Optional.empty();
  }

  private Set<String> teamsOf(RepositoryRef repo, String login, ApprovalPolicy policy) {
    return policy.teams().stream()
        .filter(team -> permissions.isTeamMember(repo, team, login))
        .collect(Collectors.toSet());
  }

  private Outcome approve(
      RepositoryRef repo,
      PullRequest pr,
      RepositoryConfig config,
      String sender,
      Permission permission,
      Set<String> teams,
      Optional<String> reason,
      Instant now) {
    Optional<MigrationReview> review = reviewer.review(repo, pr.number(), pr.headSha(), config);
    if (review.isEmpty()) {
      return refresh(repo, pr, List.of("@" + sender + ": there are no migrations to approve."))
          .outcome();
    }
    String fingerprint = review.get().fingerprint();
    ReviewState state =
        currentState(repo, pr.number())
            .analysed(fingerprint, pr.headSha())
            .approve(
                new Approval(sender, now, permission, teams, fingerprint, pr.headSha(), reason));
    List<String> notices =
        List.of("@" + sender + " approved the migrations at `" + shortSha(pr.headSha()) + "`.");
    ApprovalDecision decision = show(repo, pr, config, review.get(), state, notices);
    if (pr.merged()) {
      return startIfReady(
          repo, pr, new Refreshed(new Outcome(200, "approved"), config, review, state, decision));
    }
    return new Outcome(200, "approved by " + sender);
  }

  private Outcome unapprove(
      RepositoryRef repo, PullRequest pr, RepositoryConfig config, String sender) {
    Optional<MigrationReview> review = reviewer.review(repo, pr.number(), pr.headSha(), config);
    ReviewState state = currentState(repo, pr.number()).withoutApprovalOf(sender);
    if (review.isPresent()) {
      show(
          repo,
          pr,
          config,
          review.get(),
          state,
          List.of("@" + sender + " withdrew their approval."));
    }
    return new Outcome(200, "approval withdrawn by " + sender);
  }

  private static String shortSha(String sha) {
    return sha.substring(0, Math.min(7, sha.length()));
  }

  private Outcome rolloutCommand(
      RepositoryRef repo, PullRequest pr, RepositoryConfig config, Verb verb, String sender) {
    Optional<MigrationReview> review =
        pr.merged() && currentState(repo, pr.number()).rolloutExecution().isPresent()
            ? reviewer.review(repo, pr.number(), pr.headSha(), config)
            : Optional.empty();
    if (review.isEmpty() || review.get().target().isEmpty()) {
      return refresh(
              repo,
              pr,
              List.of(
                  "@"
                      + sender
                      + ": `"
                      + verb.usage()
                      + "` applies to a running rollout, and this pull request has none."))
          .outcome();
    }
    String answer =
        rollouts.apply(request(repo, pr, review.get()), review.get().target().get(), verb, sender);
    return refresh(repo, pr, List.of("@" + sender + " `" + verb.usage() + "`: " + answer))
        .outcome();
  }

  private static RolloutRequest request(
      RepositoryRef repo, PullRequest pr, MigrationReview review) {
    return new RolloutRequest(
        repo,
        pr.number(),
        pr.mergeCommitSha().orElseThrow(),
        review.paths(),
        review.fingerprint(),
        review.target().orElseThrow().name());
  }

  private ReviewState currentState(RepositoryRef repo, int number) {
    return comments
        .find(repo, number, ReviewReport.MARKER)
        .map(c -> codec.decode(c.body()).stateOrEmpty())
        .orElse(ReviewState.EMPTY);
  }
}
