package dev.migrationbot.cli.rehearse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrationbot.analyzer.MigrationFile;
import dev.migrationbot.analyzer.Phase;
import dev.migrationbot.analyzer.TransactionMode;
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
import dev.migrationbot.postgres.ConnectionFactory;
import dev.migrationbot.postgres.PostgresRolloutEngines;
import dev.migrationbot.rollout.config.ApprovalPolicy;
import dev.migrationbot.rollout.config.BackfillDefaults;
import dev.migrationbot.rollout.config.ContractDefaults;
import dev.migrationbot.rollout.config.DatabaseTarget;
import dev.migrationbot.rollout.config.RepositoryConfig;
import dev.migrationbot.rollout.engine.EngineSettings;
import dev.migrationbot.rollout.plan.AppliedCheck;
import dev.migrationbot.rollout.plan.BackfillSpec;
import dev.migrationbot.rollout.plan.PlanStep;
import dev.migrationbot.rollout.plan.StepAction;
import dev.migrationbot.rollout.port.Deployment;
import dev.migrationbot.rollout.port.RepositoryRef;
import dev.migrationbot.rollout.port.memory.InMemoryGitHub;
import dev.migrationbot.rollout.review.MigrationReview;
import dev.migrationbot.rollout.review.MigrationReviewer;
import dev.migrationbot.rollout.workflow.RolloutWorkflow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a migration the way the bot rolls it out in production: the real state machine definition on
 * a local ASL engine, every task served by the real step handler, against a real database with
 * application traffic, and GitHub replaced by an in-memory repository that reports the deploy once
 * the expand phase is done.
 */
public final class Rehearsal {

  /** How long a step invocation may run, as a Lambda timeout would allow. */
  static final int INVOCATION_MILLIS = 60_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RepositoryRef REPOSITORY = RepositoryRef.of("rehearsal", "app");
  private static final String DATABASE = "rehearsal";
  private static final String ENVIRONMENT = "production";

  /** Every wait of the workflow, shortened: the rehearsal keeps the control flow, not the clock. */
  private static final Map<String, Duration> WAITS =
      Map.of(
          "WaitBeforeExpand", Duration.ofMillis(500),
          "WaitForDeploy", Duration.ofMillis(200),
          "Hold", Duration.ofSeconds(1),
          "Paused", Duration.ofSeconds(1),
          "WaitForContractApproval", Duration.ofMillis(200),
          "WaitBeforeContract", Duration.ofMillis(500));

  /**
   * @param connections the target database
   * @param seedRows rows per table to make up first; 0 leaves the tables as they are
   * @param baseline how long the application runs before the rollout starts
   */
  public record Options(
      ConnectionFactory connections,
      int pgMajor,
      List<MigrationFile> schema,
      List<MigrationFile> migrations,
      int seedRows,
      int readers,
      int writers,
      Duration baseline) {}

  private final StateMachineTools tools;
  private final Path definition;

  public Rehearsal(StateMachineTools tools, Path definition) {
    this.tools = tools;
    this.definition = definition;
  }

  public RehearsalReport run(Options o) throws Exception {
    try (Connection admin = o.connections().open("migration-bot/rehearsal")) {
      for (MigrationFile file : o.schema()) {
        try (Statement s = admin.createStatement()) {
          s.execute(file.content());
        } catch (SQLException e) {
          throw new IllegalArgumentException(file.path() + " does not apply: " + e.getMessage(), e);
        }
      }
      if (o.seedRows() > 0) {
        Seeder.seed(admin, o.seedRows());
      }
    }
    String sha = sha(o.migrations());
    RepositoryConfig config = config(o.pgMajor());
    MigrationReview review =
        MigrationReviewer.review(sha, o.migrations(), List.of(), List.of(), config);
    if (review.blocked()) {
      return RehearsalReport.refused(review);
    }
    InMemoryGitHub github = new InMemoryGitHub("migration-bot[bot]");
    o.migrations().forEach(f -> github.givenFile(REPOSITORY, sha, f.path(), f.content()));
    github.givenConfig(REPOSITORY, sha, config);
    ByteArrayOutputStream metrics = new ByteArrayOutputStream();
    AtomicReference<ObjectNode> continuation = new AtomicReference<>();
    try (PostgresRolloutEngines engines =
        new PostgresRolloutEngines(target -> o.connections(), EngineSettings.DEFAULTS)) {
      RolloutSteps steps =
          new RolloutSteps(
              new RolloutWorkflow(github, github, github, github, github, engines),
              (execution, input, generation) -> {
                continuation.set(input);
                return "local:execution:rehearsal-g" + generation;
              },
              new Metrics(new PrintStream(metrics, true, StandardCharsets.UTF_8)),
              Clock.systemUTC());
      Optional<AppTraffic.Target> target = trafficTarget(review, o.connections());
      AppTraffic traffic =
          target.isEmpty()
              ? null
              : new AppTraffic(
                  o.connections()::open,
                  target.get(),
                  insertSql(o.connections(), target.get(), List.of()),
                  insertSql(o.connections(), target.get(), target.get().fill()),
                  o.readers(),
                  o.writers());
      try {
        Thread.sleep(o.baseline().toMillis());
        if (traffic != null) {
          traffic.rolloutStarted();
        }
        Timings timings = new Timings();
        LocalStateMachine machine =
            machine(steps, timings, github, sha, Optional.ofNullable(traffic));
        ObjectNode input = input(review, sha);
        List<Execution> executions = new ArrayList<>();
        long started = System.nanoTime();
        while (input != null) {
          continuation.set(null);
          Execution execution = machine.run(input, Duration.ofHours(2));
          executions.add(execution);
          input = execution.succeeded() ? continuation.get() : null;
        }
        long totalMs = (System.nanoTime() - started) / 1_000_000;
        if (traffic != null) {
          traffic.close();
        }
        try (Connection c = o.connections().open("migration-bot/rehearsal-check")) {
          return RehearsalReport.of(
              review,
              executions,
              timings,
              totalMs,
              nullsRemaining(c, review),
              constraints(c, review),
              Optional.ofNullable(traffic),
              github.comments(REPOSITORY, 1).stream().map(s -> s.body()).findFirst(),
              metrics.toString(StandardCharsets.UTF_8).lines().count());
        }
      } finally {
        if (traffic != null) {
          traffic.close();
        }
      }
    }
  }

  private LocalStateMachine machine(
      RolloutSteps steps,
      Timings timings,
      InMemoryGitHub github,
      String sha,
      Optional<AppTraffic> traffic) {
    LocalStateMachine.Builder b =
        LocalStateMachine.builder(tools, LocalStateMachine.readDefinition(definition));
    b.task("Plan", task("plan", timings, new PlanHandler(steps)::handleRequest));
    b.task(
        "Expand",
        task(
            "expand",
            timings,
            (event, context) -> {
              Map<String, Object> out = new ExpandHandler(steps).handleRequest(event, context);
              if ("done".equals(out.get("status"))) {
                // The application's release that writes the new column goes out now.
                github.givenDeployment(
                    REPOSITORY,
                    new Deployment(
                        1,
                        sha,
                        ENVIRONMENT,
                        Clock.systemUTC().instant(),
                        Optional.of(Deployment.State.SUCCESS)));
                traffic.ifPresent(AppTraffic::deploySeen);
              }
              return out;
            }));
    b.task(
        "CheckDeploy",
        task("wait-for-deploy", timings, new WaitForDeployHandler(steps)::handleRequest));
    b.task("BackfillSlice", task("backfill", timings, new BackfillHandler(steps)::handleRequest));
    b.task("ContinueAsNew", task("continue", timings, new ContinueHandler(steps)::handleRequest));
    b.task(
        "ContractGate",
        task("contract-gate", timings, new ContractGateHandler(steps)::handleRequest));
    b.task("Contract", task("contract", timings, new ContractHandler(steps)::handleRequest));
    b.task("Report", task("report", timings, new ReportHandler(steps)::handleRequest));
    b.task(
        "ReportFailure",
        task("report-failure", timings, new ReportFailureHandler(steps)::handleRequest));
    WAITS.forEach(b::waitFor);
    return b.build();
  }

  @FunctionalInterface
  interface Handler {
    Map<String, Object> handle(Map<String, Object> event, LocalContext context);
  }

  @SuppressWarnings("unchecked")
  private static dev.migrationbot.local.TaskHandler task(
      String phase, Timings timings, Handler handler) {
    return LambdaInvoke.of(
        payload -> {
          long start = System.nanoTime();
          Map<String, Object> event = JSON.convertValue(payload, Map.class);
          try {
            Map<String, Object> out =
                handler.handle(
                    event,
                    LocalContext.of(
                        phase, UUID.randomUUID().toString(), INVOCATION_MILLIS, System.err));
            timings.record(phase, start, System.nanoTime(), out);
            return JSON.valueToTree(out);
          } catch (RuntimeException e) {
            timings.record(phase, start, System.nanoTime(), Map.of("status", "failed"));
            throw e;
          }
        });
  }

  /** When each phase ran (first start to last end) and what its last invocation returned. */
  static final class Timings {
    final Map<String, long[]> spans = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> last = new LinkedHashMap<>();
    final List<Map<String, Object>> slices = new ArrayList<>();

    synchronized void record(String phase, long start, long end, Map<String, Object> out) {
      spans.merge(phase, new long[] {start, end, 1}, (a, b) -> new long[] {a[0], b[1], a[2] + 1});
      last.put(phase, out);
      if (phase.equals("backfill")) {
        slices.add(out);
      }
    }
  }

  private static ObjectNode input(MigrationReview review, String sha) {
    ObjectNode input = JSON.createObjectNode();
    input.put("repository", REPOSITORY.fullName());
    input.put("pullRequest", 1);
    input.put("mergeSha", sha);
    input.put("database", DATABASE);
    input.put("fingerprint", review.fingerprint());
    review.paths().forEach(input.putArray("migrations")::add);
    return input;
  }

  private static RepositoryConfig config(int pgMajor) {
    return new RepositoryConfig(
        RepositoryConfig.DEFAULT_MIGRATION_PATHS,
        List.of(
            new DatabaseTarget(
                DATABASE,
                DATABASE,
                pgMajor,
                Optional.of(ENVIRONMENT),
                TransactionMode.PER_FILE,
                List.of())),
        ApprovalPolicy.DEFAULT,
        Map.of(),
        BackfillDefaults.DEFAULT,
        ContractDefaults.DEFAULT);
  }

  /** A stand-in merge commit: the digest of the migrations, so reruns look alike. */
  private static String sha(List<MigrationFile> migrations) throws Exception {
    java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-1");
    for (MigrationFile f : migrations) {
      digest.update(f.path().getBytes(StandardCharsets.UTF_8));
      digest.update(f.content().getBytes(StandardCharsets.UTF_8));
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }

  private static List<BackfillSpec> backfills(MigrationReview review) {
    return review.plan().steps().stream()
        .map(PlanStep::action)
        .filter(a -> a instanceof StepAction.Backfill)
        .map(a -> ((StepAction.Backfill) a).spec())
        .toList();
  }

  /** The application works on the first table the migration backfills, or the first it alters. */
  private static Optional<AppTraffic.Target> trafficTarget(
      MigrationReview review, ConnectionFactory connections) throws SQLException {
    Optional<BackfillSpec> spec = backfills(review).stream().findFirst();
    if (spec.isEmpty()) {
      return Optional.empty();
    }
    String table = spec.get().table().toString();
    try (Connection c = connections.open("migration-bot/rehearsal");
        PreparedStatement s =
            c.prepareStatement(
                """
                SELECT a.attname FROM pg_attribute a
                 WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped
                   AND a.attidentity = '' AND a.attgenerated = ''
                   AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid
                                    AND a.attnum = ANY (i.indkey))
                 ORDER BY a.attnum""")) {
      s.setString(1, table);
      List<String> columns = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
      List<String> filled = spec.get().assignments().stream().map(a -> a.column()).toList();
      String touch =
          columns.stream()
              .filter(col -> !filled.contains(col))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          table + " has no plain column the application traffic can update"));
      long oid;
      try (PreparedStatement o = c.prepareStatement("SELECT ?::regclass::oid")) {
        o.setString(1, table);
        try (ResultSet rs = o.executeQuery()) {
          rs.next();
          oid = rs.getLong(1);
        }
      }
      return Optional.of(
          new AppTraffic.Target(
              table, Seeder.primaryKey(c, oid), Seeder.quote(touch), spec.get().assignments()));
    }
  }

  private static String insertSql(
      ConnectionFactory connections,
      AppTraffic.Target target,
      List<BackfillSpec.Assignment> written)
      throws SQLException {
    try (Connection c = connections.open("migration-bot/rehearsal")) {
      String qualified;
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c"
                  + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ?::regclass")) {
        s.setString(1, target.table());
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          qualified = rs.getString(1);
        }
      }
      return Seeder.insertOne(c, qualified, target.key(), written);
    }
  }

  /** NULLs left in the columns the backfills filled. */
  private static long nullsRemaining(Connection c, MigrationReview review) throws SQLException {
    long nulls = 0;
    for (BackfillSpec spec : backfills(review)) {
      if (spec.mode() != BackfillSpec.Mode.FILL_NULLS) {
        continue;
      }
      for (BackfillSpec.Assignment a : spec.assignments()) {
        try (Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "SELECT count(*) FROM "
                        + spec.table()
                        + " WHERE "
                        + Seeder.quote(a.column())
                        + " IS NULL"
                        + spec.condition().map(w -> " AND (" + w + ")").orElse(""))) {
          rs.next();
          nulls += rs.getLong(1);
        }
      }
    }
    return nulls;
  }

  /** The constraints and NOT NULL columns of the tables the plan touches, after the rollout. */
  private static List<String> constraints(Connection c, MigrationReview review)
      throws SQLException {
    List<String> out = new ArrayList<>();
    List<String> tables =
        review.plan().steps().stream()
            .filter(s -> s.phase() == Phase.CONTRACT)
            .map(PlanStep::action)
            .flatMap(Rehearsal::tablesOf)
            .distinct()
            .toList();
    for (String table : tables) {
      try (PreparedStatement s =
          c.prepareStatement(
              """
              SELECT conname || ': ' || pg_get_constraintdef(oid)
                     || CASE WHEN convalidated THEN '' ELSE ' (not validated)' END
                FROM pg_constraint WHERE conrelid = ?::regclass AND contype IN ('c', 'f', 'u', 'x')
              UNION ALL
              SELECT attname || ': NOT NULL' FROM pg_attribute
               WHERE attrelid = ?::regclass AND attnum > 0 AND attnotnull AND NOT attisdropped
              ORDER BY 1""")) {
        s.setString(1, table);
        s.setString(2, table);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(table + " " + rs.getString(1));
          }
        }
      }
    }
    return out;
  }

  private static java.util.stream.Stream<String> tablesOf(StepAction action) {
    if (action instanceof StepAction.Validate v) {
      return java.util.stream.Stream.of(v.table().toString());
    }
    if (action instanceof StepAction.Backfill b) {
      return java.util.stream.Stream.of(b.spec().table().toString());
    }
    Optional<AppliedCheck> check = ((StepAction.Ddl) action).applied();
    if (check.isPresent() && check.get() instanceof AppliedCheck.ConstraintExists c) {
      return java.util.stream.Stream.of(c.table().toString());
    }
    if (check.isPresent() && check.get() instanceof AppliedCheck.ColumnAbsent c) {
      return java.util.stream.Stream.of(c.table().toString());
    }
    return java.util.stream.Stream.empty();
  }
}
