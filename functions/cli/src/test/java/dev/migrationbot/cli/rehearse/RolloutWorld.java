package dev.migrationbot.cli.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrationbot.analyzer.TransactionMode;
import dev.migrationbot.lambda.aws.RolloutInput;
import dev.migrationbot.lambda.step.BackfillHandler;
import dev.migrationbot.lambda.step.ContinueHandler;
import dev.migrationbot.lambda.step.ContractGateHandler;
import dev.migrationbot.lambda.step.ContractHandler;
import dev.migrationbot.lambda.step.ExpandHandler;
import dev.migrationbot.lambda.step.Metrics;
import dev.migrationbot.lambda.step.PlanHandler;
import dev.migrationbot.lambda.step.ReportFailureHandler;
import dev.migrationbot.lambda.step.ReportHandler;
import dev.migrationbot.lambda.step.RolloutSteps;
import dev.migrationbot.lambda.step.WaitForDeployHandler;
import dev.migrationbot.local.Execution;
import dev.migrationbot.local.LambdaInvoke;
import dev.migrationbot.local.LocalStateMachine;
import dev.migrationbot.local.StateMachineTools;
import dev.migrationbot.postgres.PostgresRolloutEngines;
import dev.migrationbot.rollout.config.ApprovalPolicy;
import dev.migrationbot.rollout.config.BackfillDefaults;
import dev.migrationbot.rollout.config.ContractDefaults;
import dev.migrationbot.rollout.config.DatabaseTarget;
import dev.migrationbot.rollout.config.RepositoryConfig;
import dev.migrationbot.rollout.engine.EngineSettings;
import dev.migrationbot.rollout.event.IssueCommentEvent;
import dev.migrationbot.rollout.event.PullRequestEvent;
import dev.migrationbot.rollout.port.ChangedFile;
import dev.migrationbot.rollout.port.Deployment;
import dev.migrationbot.rollout.port.Permission;
import dev.migrationbot.rollout.port.PullRequest;
import dev.migrationbot.rollout.port.Reaction;
import dev.migrationbot.rollout.port.RepositoryRef;
import dev.migrationbot.rollout.port.RolloutRequest;
import dev.migrationbot.rollout.port.WorkflowStart;
import dev.migrationbot.rollout.port.WorkflowStarter;
import dev.migrationbot.rollout.port.memory.InMemoryGitHub;
import dev.migrationbot.rollout.review.PullRequestBot;
import dev.migrationbot.rollout.review.ReviewReport;
import dev.migrationbot.rollout.review.ReviewStateCodec;
import dev.migrationbot.rollout.workflow.RolloutCommands;
import dev.migrationbot.rollout.workflow.RolloutWorkflow;
import dev.migrationbot.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A repository, its pull request and one database, wired as in production: the webhook's {@link
 * PullRequestBot} reviews the pull request, takes approvals and rollout commands and starts the
 * rollout on merge; the real state machine definition runs on the local ASL engine with every task
 * served by its real step handler against embedded PostgreSQL. GitHub is the in-memory fake of the
 * ports; Step Functions' StartExecution is a queue of execution inputs in AWS's input format.
 */
final class RolloutWorld implements AutoCloseable {

  static final RepositoryRef REPO = RepositoryRef.of("acme", "shop").withInstallation(7);
  static final int PR = 12;
  static final String HEAD = "a".repeat(40);
  static final String MERGE = "c".repeat(40);
  static final String ENVIRONMENT = "production";
  static final String MIGRATION = "db/migrations/V2__change.sql";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] KEY =
      "a-webhook-secret-of-some-length".getBytes(StandardCharsets.UTF_8);

  /** Reacts to a task's result before the state machine sees it. */
  @FunctionalInterface
  interface Hook {
    void after(int call, JsonNode result) throws Exception;
  }

  final TestDatabase db;
  final InMemoryGitHub github = new InMemoryGitHub("migration-bot[bot]");
  private final StateMachineTools tools;
  private final PostgresRolloutEngines engines;
  private final PullRequestBot bot;
  private final RolloutSteps steps;

  /**
   * A second Lambda execution environment (its own connections), where duplicated invocations run:
   * Lambda never runs two invocations at once in one environment.
   */
  private final PostgresRolloutEngines otherEngines;

  private final RolloutSteps otherSteps;
  private final Deque<ObjectNode> pending = new ArrayDeque<>();
  private final List<String> executionNames = new ArrayList<>();
  private final Map<String, List<JsonNode>> results = new LinkedHashMap<>();
  private final Map<String, Hook> hooks = new LinkedHashMap<>();
  private final ByteArrayOutputStream metrics = new ByteArrayOutputStream();

  /** The other environment runs one invocation at a time, as a Lambda environment does. */
  private final ExecutorService duplicates = Executors.newSingleThreadExecutor();

  private final List<Future<?>> duplicateRuns = Collections.synchronizedList(new ArrayList<>());
  private int deliveries;
  private int invocationMillis = 21_000;
  private boolean duplicateEveryTask;

  RolloutWorld(StateMachineTools tools, TestDatabase db, EngineSettings settings) {
    this.tools = tools;
    this.db = db;
    this.engines = engines(db, settings);
    this.otherEngines = engines(db, settings);
    WorkflowStarter starter = new QueuedStarter();
    this.bot =
        new PullRequestBot(
            github,
            github,
            github,
            github,
            github,
            github,
            starter,
            new RolloutCommands(engines, starter),
            new ReviewStateCodec(KEY),
            new ReviewReport(Optional.empty()));
    this.steps = steps(engines);
    this.otherSteps = steps(otherEngines);
    RepositoryConfig config =
        new RepositoryConfig(
            RepositoryConfig.DEFAULT_MIGRATION_PATHS,
            List.of(
                new DatabaseTarget(
                    "main",
                    "main-db-secret",
                    db.major(),
                    Optional.of(ENVIRONMENT),
                    TransactionMode.PER_FILE,
                    List.of())),
            ApprovalPolicy.DEFAULT,
            Map.of(),
            BackfillDefaults.DEFAULT,
            ContractDefaults.DEFAULT);
    github.givenConfig(REPO, "main", config);
    github.givenConfig(REPO, MERGE, config);
    github.givenPermission(REPO, "dev", Permission.WRITE);
    github.givenPermission(REPO, "alice", Permission.WRITE);
    github.givenPermission(REPO, "bob", Permission.MAINTAIN);
    github.givenPermission(REPO, "carol", Permission.READ);
  }

  private static PostgresRolloutEngines engines(TestDatabase db, EngineSettings settings) {
    return new PostgresRolloutEngines(
        target -> PostgresRolloutEngines.connect(db.jdbcUrl(), db.user(), ""), settings);
  }

  private RolloutSteps steps(PostgresRolloutEngines on) {
    return new RolloutSteps(
        new RolloutWorkflow(github, github, github, github, github, on),
        (execution, input, generation) -> {
          pending.add(input);
          return "local:execution:generation-" + generation;
        },
        new Metrics(new PrintStream(metrics, true, StandardCharsets.UTF_8)),
        Clock.systemUTC());
  }

  /** Every slice gets this much time after the handlers' safety margin. */
  RolloutWorld sliceTime(Duration slice) {
    invocationMillis = (int) RolloutSteps.SAFETY_MARGIN.plus(slice).toMillis();
    return this;
  }

  /** Lambda may run an invocation twice: every task also runs once more, concurrently. */
  RolloutWorld duplicateEveryTask() {
    duplicateEveryTask = true;
    return this;
  }

  RolloutWorld hook(String task, Hook hook) {
    hooks.put(task, hook);
    return this;
  }

  // ---------------------------------------------------------------- the pull request

  /** Opens the pull request with the migration, has alice and bob approve it, and merges it. */
  void openApproveAndMerge(String migration) {
    github.givenChangedFiles(
        REPO, PR, List.of(new ChangedFile(MIGRATION, ChangedFile.Status.ADDED, Optional.empty())));
    github.givenFile(REPO, HEAD, MIGRATION, migration);
    github.givenFile(REPO, MERGE, MIGRATION, migration);
    github.givenPullRequest(REPO, pullRequest(true, false));
    bot.handle(
        pullRequestEvent(PullRequestEvent.Action.OPENED, false), Clock.systemUTC().instant());
    comment("alice", "/migration approve");
    comment("bob", "/migration approve");
    github.givenPullRequest(REPO, pullRequest(false, true));
    bot.handle(pullRequestEvent(PullRequestEvent.Action.CLOSED, true), Clock.systemUTC().instant());
  }

  /** A comment on the pull request as GitHub delivers it; returns the bot's reactions to it. */
  java.util.Set<Reaction> comment(String login, String body) {
    long id = github.givenComment(REPO, PR, login, body);
    bot.handle(
        new IssueCommentEvent(
            "delivery-" + (++deliveries),
            IssueCommentEvent.Action.CREATED,
            REPO,
            OptionalInt.of(PR),
            id,
            body,
            login,
            IssueCommentEvent.SenderType.USER),
        Clock.systemUTC().instant());
    return github.reactions(REPO, id);
  }

  /** The application's release that writes the new column is live. */
  void deployed() {
    github.givenDeployment(
        REPO,
        new Deployment(
            1,
            MERGE,
            ENVIRONMENT,
            Clock.systemUTC().instant(),
            Optional.of(Deployment.State.SUCCESS)));
  }

  String botComment() {
    return github.comments(REPO, PR).stream()
        .filter(c -> c.body().contains(ReviewReport.MARKER))
        .map(InMemoryGitHub.StoredComment::body)
        .findFirst()
        .orElseThrow();
  }

  long botComments() {
    return github.comments(REPO, PR).stream()
        .filter(c -> c.author().equals("migration-bot[bot]"))
        .count();
  }

  // ---------------------------------------------------------------- the workflow

  /** Runs every execution started so far, and the ones they continue as, to their end. */
  List<Execution> runExecutions() throws Exception {
    List<Execution> ran = new ArrayList<>();
    while (!pending.isEmpty()) {
      Execution execution = machine().run(pending.poll(), Duration.ofMinutes(5));
      ran.add(execution);
    }
    return ran;
  }

  List<String> executionNames() {
    return executionNames;
  }

  /** What each task returned, in order of the calls the state machine saw. */
  List<JsonNode> results(String task) {
    return results.getOrDefault(task, List.of());
  }

  long metricLines() {
    return metrics.toString(StandardCharsets.UTF_8).lines().count();
  }

  private LocalStateMachine machine() {
    LocalStateMachine.Builder b =
        LocalStateMachine.builder(
            tools,
            LocalStateMachine.readDefinition(
                tools.repositoryRoot().resolve("statemachine/rollout.asl.json")));
    task(b, "Plan", "plan", on -> new PlanHandler(on)::handleRequest);
    task(b, "Expand", "expand", on -> new ExpandHandler(on)::handleRequest);
    task(b, "CheckDeploy", "wait-for-deploy", on -> new WaitForDeployHandler(on)::handleRequest);
    task(b, "BackfillSlice", "backfill", on -> new BackfillHandler(on)::handleRequest);
    task(b, "ContinueAsNew", "continue", on -> new ContinueHandler(on)::handleRequest);
    task(b, "ContractGate", "contract-gate", on -> new ContractGateHandler(on)::handleRequest);
    task(b, "Contract", "contract", on -> new ContractHandler(on)::handleRequest);
    task(b, "Report", "report", on -> new ReportHandler(on)::handleRequest);
    task(b, "ReportFailure", "report-failure", on -> new ReportFailureHandler(on)::handleRequest);
    b.everyWaitFor(Duration.ofMillis(100));
    for (String task : List.of("Plan", "Expand", "CheckDeploy", "BackfillSlice", "Contract")) {
      b.retryAfter(task, Duration.ofMillis(50));
    }
    return b.build();
  }

  private void task(
      LocalStateMachine.Builder b,
      String state,
      String function,
      java.util.function.Function<RolloutSteps, Rehearsal.Handler> handlerOn) {
    Rehearsal.Handler handler = handlerOn.apply(steps);
    Rehearsal.Handler duplicate = handlerOn.apply(otherSteps);
    b.task(
        state,
        LambdaInvoke.of(
            payload -> {
              @SuppressWarnings("unchecked")
              Map<String, Object> event = JSON.convertValue(payload, Map.class);
              if (duplicateEveryTask && !state.equals("ContinueAsNew")) {
                duplicateRuns.add(
                    duplicates.submit(() -> duplicate.handle(event, context(function))));
              }
              JsonNode out = JSON.valueToTree(handler.handle(event, context(function)));
              List<JsonNode> calls = results.computeIfAbsent(state, k -> new ArrayList<>());
              calls.add(out);
              Hook hook = hooks.get(state);
              if (hook != null) {
                hook.after(calls.size(), out);
              }
              return out;
            }));
  }

  private LocalContext context(String function) {
    return LocalContext.of(
        function,
        UUID.randomUUID().toString(),
        invocationMillis,
        new PrintStream(metrics, true, StandardCharsets.UTF_8));
  }

  /** Waits for the duplicated invocations; their failures are not the workflow's. */
  List<Throwable> duplicateFailures() throws InterruptedException {
    duplicates.shutdown();
    duplicates.awaitTermination(2, TimeUnit.MINUTES);
    List<Throwable> failures = new ArrayList<>();
    for (Future<?> f : duplicateRuns) {
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        failures.add(e.getCause());
      }
    }
    return failures;
  }

  @Override
  public void close() {
    duplicates.shutdownNow();
    engines.close();
    otherEngines.close();
  }

  // ---------------------------------------------------------------- GitHub's events

  private static PullRequest pullRequest(boolean open, boolean merged) {
    return new PullRequest(
        PR,
        "dev",
        HEAD,
        Optional.of(REPO.fullName()),
        "main",
        open,
        merged,
        merged ? Optional.of(MERGE) : Optional.empty());
  }

  private PullRequestEvent pullRequestEvent(PullRequestEvent.Action action, boolean merged) {
    return new PullRequestEvent(
        "delivery-" + (++deliveries),
        action,
        REPO,
        PR,
        "dev",
        HEAD,
        Optional.of(REPO.fullName()),
        "main",
        "f".repeat(40),
        merged,
        merged ? Optional.of(MERGE) : Optional.empty());
  }

  /** StartExecution as the webhook calls it: a deterministic name, the rollout input. */
  private final class QueuedStarter implements WorkflowStarter {

    @Override
    public WorkflowStart.Started start(RolloutRequest request) {
      return start(request, "");
    }

    @Override
    public WorkflowStart.Started restart(RolloutRequest request, int attempt) {
      return start(request, "-retry-" + attempt);
    }

    private WorkflowStart.Started start(RolloutRequest request, String suffix) {
      String name =
          "shop-" + request.pullRequest() + "-" + request.mergeSha().substring(0, 12) + suffix;
      boolean earlier = executionNames.contains(name);
      if (!earlier) {
        executionNames.add(name);
        try {
          pending.add((ObjectNode) JSON.readTree(RolloutInput.of(request)));
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      }
      return new WorkflowStart.Started(name, "local:execution:" + name, earlier);
    }
  }
}
