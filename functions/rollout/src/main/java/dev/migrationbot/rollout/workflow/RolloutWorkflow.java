package dev.migrationbot.rollout.workflow;

import dev.migrationbot.analyzer.MigrationFile;
import dev.migrationbot.rollout.config.ContractDefaults;
import dev.migrationbot.rollout.config.DatabaseTarget;
import dev.migrationbot.rollout.config.InvalidConfigException;
import dev.migrationbot.rollout.config.RepositoryConfig;
import dev.migrationbot.rollout.engine.PhaseResult;
import dev.migrationbot.rollout.engine.RolloutEngine;
import dev.migrationbot.rollout.engine.RolloutProgress;
import dev.migrationbot.rollout.engine.SliceResult;
import dev.migrationbot.rollout.engine.TimeBudget;
import dev.migrationbot.rollout.plan.RolloutPlan;
import dev.migrationbot.rollout.port.CheckRun;
import dev.migrationbot.rollout.port.CheckRuns;
import dev.migrationbot.rollout.port.Comments;
import dev.migrationbot.rollout.port.Deployment;
import dev.migrationbot.rollout.port.Deployments;
import dev.migrationbot.rollout.port.FileContent;
import dev.migrationbot.rollout.port.NewRollout;
import dev.migrationbot.rollout.port.RepositoryConfigs;
import dev.migrationbot.rollout.port.RepositoryFiles;
import dev.migrationbot.rollout.port.RolloutCancelledException;
import dev.migrationbot.rollout.port.RolloutEngines;
import dev.migrationbot.rollout.port.RolloutRequest;
import dev.migrationbot.rollout.port.RolloutState;
import dev.migrationbot.rollout.port.StepFailedException;
import dev.migrationbot.rollout.review.Fingerprint;
import dev.migrationbot.rollout.review.MigrationReview;
import dev.migrationbot.rollout.review.MigrationReviewer;
import dev.migrationbot.rollout.review.ReviewReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The use-cases behind the rollout workflow's tasks. Each reads where the rollout stands from the
 * database and GitHub, so any of them may run twice or after a crash; each reports progress on the
 * pull request.
 */
public final class RolloutWorkflow {

  /** Progress is written at most this often while nothing but counters change. */
  static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(30);

  /** How long the workflow waits between looks at deployments and at the contract gate. */
  static final Duration POLL = Duration.ofSeconds(60);

  /** Check run of the rollout on the merge commit, beside the review's check. */
  public static final String CHECK_NAME = "migration-bot/rollout";

  private static final int DEPLOYMENTS_LOOKED_AT = 30;

  private final RepositoryFiles files;
  private final RepositoryConfigs configs;
  private final Comments comments;
  private final CheckRuns checkRuns;
  private final Deployments deployments;
  private final RolloutEngines engines;
  private final Map<String, RepositoryConfig> configsBySha =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RepositoryConfig> eldest) {
          return size() > 16;
        }
      };

  public RolloutWorkflow(
      RepositoryFiles files,
      RepositoryConfigs configs,
      Comments comments,
      CheckRuns checkRuns,
      Deployments deployments,
      RolloutEngines engines) {
    this.files = files;
    this.configs = configs;
    this.comments = comments;
    this.checkRuns = checkRuns;
    this.deployments = deployments;
    this.engines = engines;
  }

  /** What the deploy check tells the workflow. */
  public record DeployCheck(boolean seen, long waitSeconds, Instant since, String message) {}

  /** What the contract gate tells the workflow. */
  public record GateCheck(boolean open, long waitSeconds, String message) {}

  // ---------------------------------------------------------------- steps

  /**
   * Reads the migrations at the merge commit, plans them as the review did, refuses contents other
   * than those approved, and records the rollout.
   *
   * @return the rollout id
   */
  public String plan(StepInput in, Instant now) {
    RolloutRequest r = in.request();
    RepositoryConfig config = config(in);
    DatabaseTarget target = target(in, config);
    List<MigrationFile> read = new ArrayList<>();
    for (String path : r.migrationPaths()) {
      FileContent content = files.read(r.repository(), path, r.mergeSha());
      if (!(content instanceof FileContent.Present present)) {
        throw new StepFailedException(
            in.rolloutId(),
            Optional.empty(),
            "`" + path + "` is not in the merge commit " + r.mergeSha() + ": nothing ran.");
      }
      read.add(new MigrationFile(path, present.text()));
    }
    MigrationReview review =
        MigrationReviewer.review(r.mergeSha(), read, List.of(), List.of(), config);
    if (!review.fingerprint().equals(r.fingerprint())) {
      throw new StepFailedException(
          in.rolloutId(),
          Optional.empty(),
          "the migrations in the merge commit (fingerprint "
              + Fingerprint.shortForm(review.fingerprint())
              + ") are not the ones approved ("
              + Fingerprint.shortForm(r.fingerprint())
              + "): nothing ran. Open a pull request with the intended migrations and approve it.");
    }
    if (review.blocked()) {
      throw new StepFailedException(
          in.rolloutId(),
          Optional.empty(),
          "the merged migrations cannot be rolled out as they are ("
              + String.join("; ", blockers(review))
              + "): nothing ran.");
    }
    RolloutEngine engine = engines.of(target);
    String id =
        engine.register(
            new NewRollout(
                r.repository().fullName(),
                r.pullRequest(),
                r.mergeSha(),
                r.fingerprint(),
                review.plan()));
    publish(
        in, engine, "Planned: " + review.plan().steps().size() + " steps", List.of(), now, true);
    return id;
  }

  public PhaseResult expand(StepInput in, TimeBudget budget, Instant now) {
    RolloutEngine engine = runnable(in);
    PhaseResult result = engine.runExpand(in.rolloutId(), budget);
    boolean done = result.status() == PhaseResult.Status.DONE;
    publish(
        in, engine, done ? "Expand done" : "Expanding: " + result.message(), List.of(), now, done);
    return result;
  }

  /**
   * Looks for a successful deployment of the merge commit, or of a commit that contains it, to the
   * database's deploy environment; none configured means nothing to wait for.
   */
  public DeployCheck waitForDeploy(StepInput in, Instant now) {
    RolloutEngine engine = runnable(in);
    RepositoryConfig config = config(in);
    DatabaseTarget target = target(in, config);
    Instant since = in.deploySince().orElse(now);
    if (target.deployEnvironment().isEmpty()) {
      return new DeployCheck(true, 0, since, "no deploy environment configured");
    }
    String environment = target.deployEnvironment().get();
    RolloutRequest r = in.request();
    for (Deployment d : deployments.recent(r.repository(), environment, DEPLOYMENTS_LOOKED_AT)) {
      if (!d.succeeded()) {
        continue;
      }
      if (d.sha().equals(r.mergeSha())
          || deployments.compare(r.repository(), r.mergeSha(), d.sha()).headContainsBase()) {
        String message = "Deploy seen: `" + shortSha(d.sha()) + "` on " + environment;
        publish(in, engine, message, List.of(), now, true);
        return new DeployCheck(true, 0, since, message);
      }
    }
    ContractDefaults defaults = config.contract();
    Duration waited = Duration.between(since, now);
    if (waited.compareTo(defaults.deployTimeout()) >= 0) {
      throw new StepFailedException(
          in.rolloutId(),
          Optional.empty(),
          "no successful deployment of "
              + shortSha(r.mergeSha())
              + " (or a later commit) to `"
              + environment
              + "` within "
              + RolloutSection.duration(defaults.deployTimeout())
              + "; the expand phase stays applied. Deploy the application, then `/migration retry`.");
    }
    String message =
        "Waiting for the application deploy of `"
            + shortSha(r.mergeSha())
            + "` to "
            + environment
            + " ("
            + RolloutSection.duration(waited)
            + " so far, gives up after "
            + RolloutSection.duration(defaults.deployTimeout())
            + ")";
    publish(in, engine, message, List.of(), now, false);
    return new DeployCheck(false, POLL.toSeconds(), since, message);
  }

  public SliceResult backfill(StepInput in, TimeBudget budget, String invocationId, Instant now) {
    RolloutEngine engine = runnable(in);
    SliceResult slice = engine.runBackfillSlice(in.rolloutId(), budget, invocationId);
    boolean done = slice.status() == SliceResult.Status.DONE;
    String headline =
        switch (slice.status()) {
          case DONE -> "Backfill done";
          case CONTINUE -> "Backfilling";
          case HOLDING -> "Backfill holding" + slice.reason().map(r -> ": " + r).orElse("");
          case PAUSED -> "Backfill paused: `/migration resume` goes on";
        };
    publish(
        in,
        engine,
        headline,
        List.of(),
        now,
        done || slice.status() != SliceResult.Status.CONTINUE);
    return slice;
  }

  /**
   * Opens once the backfill is done, unless the contract drops columns or tables (or the
   * configuration says so): then a reviewer's {@code /migration contract} opens it.
   */
  public GateCheck contractGate(StepInput in, Instant now) {
    RolloutEngine engine = runnable(in);
    RolloutPlan plan = engine.plan(in.rolloutId());
    boolean needsCommand =
        !plan.phase(dev.migrationbot.analyzer.Phase.CONTRACT).isEmpty()
            && (plan.contractNeedsApproval()
                || config(in).contract().mode() == ContractDefaults.Mode.COMMAND);
    if (!needsCommand) {
      return new GateCheck(true, 0, "contract runs after the backfill");
    }
    Optional<String> approvedBy = engine.contractApprovedBy(in.rolloutId());
    if (approvedBy.isPresent()) {
      String message = "Contract allowed by @" + approvedBy.get();
      publish(in, engine, message, List.of(), now, true);
      return new GateCheck(true, 0, message);
    }
    String message =
        "Waiting for `/migration contract`: the contract phase "
            + (plan.contractNeedsApproval()
                ? "drops data that cannot come back"
                : "waits for a command by configuration");
    publish(in, engine, message, List.of(), now, false);
    return new GateCheck(false, POLL.toSeconds(), message);
  }

  public PhaseResult contract(StepInput in, TimeBudget budget, Instant now) {
    RolloutEngine engine = runnable(in);
    PhaseResult result = engine.runContract(in.rolloutId(), budget);
    boolean done = result.status() == PhaseResult.Status.DONE;
    publish(
        in,
        engine,
        done ? "Contract done" : "Contracting: " + result.message(),
        List.of(),
        now,
        done);
    return result;
  }

  /** The final summary on the pull request; the rollout check run completes successfully. */
  public void report(StepInput in, Instant now) {
    RolloutEngine engine = engine(in);
    RolloutProgress progress = engine.status(in.rolloutId());
    RolloutSummary summary = RolloutSummary.of(progress, engine.history(in.rolloutId()));
    String section =
        RolloutSection.render(
            "✅ Rolled out in " + RolloutSection.duration(summary.total()),
            Optional.of(progress),
            summary.lines(),
            now);
    write(in, section);
    checkRuns.publish(
        in.repository(),
        CheckRun.completed(
            CHECK_NAME,
            in.request().mergeSha(),
            CheckRun.Conclusion.SUCCESS,
            CheckRun.Output.of(
                "Rolled out in " + RolloutSection.duration(summary.total()),
                String.join("\n", summary.lines()))));
  }

  /**
   * Tells the pull request what stopped the rollout, where, and how to go on; the rollout check run
   * completes as failed (or cancelled after {@code /migration abort}).
   */
  public void reportFailure(StepInput in, Instant now) {
    StepInput.Failure failure =
        in.failure().orElse(new StepInput.Failure("unknown", "the workflow passed no error"));
    Optional<RolloutProgress> progress = Optional.empty();
    try {
      RolloutEngine e = engine(in);
      if (e.exists(in.rolloutId())) {
        progress = Optional.of(e.status(in.rolloutId()));
      }
    } catch (RuntimeException unreachable) {
      // The report must reach the pull request even when the database is what failed.
    }
    boolean cancelled =
        progress.map(p -> p.state() == RolloutState.CANCELLED).orElse(false)
            || failure.error().endsWith("RolloutCancelledException");
    List<String> details = new ArrayList<>();
    details.add("> " + FailureText.message(failure).replace("\n", "\n> "));
    progress.flatMap(FailureText::where).ifPresent(details::add);
    details.add(
        cancelled
            ? "Steps already done stay done; every expand step is backward compatible."
            : "Every step is idempotent: fix the cause, then comment `/migration retry` to go on"
                + " from the last checkpoint.");
    String headline = cancelled ? "⏹️ Rollout aborted" : "🛑 Rollout failed";
    write(in, RolloutSection.render(headline, progress, details, now));
    checkRuns.publish(
        in.repository(),
        CheckRun.completed(
            CHECK_NAME,
            in.request().mergeSha(),
            cancelled ? CheckRun.Conclusion.CANCELLED : CheckRun.Conclusion.FAILURE,
            CheckRun.Output.of(headline, String.join("\n\n", details))));
  }

  // ---------------------------------------------------------------- helpers

  private RolloutEngine runnable(StepInput in) {
    RolloutEngine engine = engine(in);
    RolloutProgress progress = engine.status(in.rolloutId());
    if (progress.state() == RolloutState.CANCELLED) {
      throw new RolloutCancelledException(
          in.rolloutId(),
          Optional.empty(),
          "rollout "
              + in.rolloutId()
              + " was aborted"
              + progress.lastError().map(e -> ": " + e).orElse(""));
    }
    return engine;
  }

  private RolloutEngine engine(StepInput in) {
    return engines.of(target(in, config(in)));
  }

  private RepositoryConfig config(StepInput in) {
    String sha = in.request().mergeSha();
    synchronized (configsBySha) {
      RepositoryConfig cached = configsBySha.get(in.repository().fullName() + "@" + sha);
      if (cached != null) {
        return cached;
      }
    }
    RepositoryConfig config;
    try {
      config = configs.load(in.repository(), sha);
    } catch (InvalidConfigException e) {
      throw new StepFailedException(
          in.rolloutId(),
          Optional.empty(),
          RepositoryConfig.PATH + " at " + shortSha(sha) + " is invalid: " + e.getMessage());
    }
    synchronized (configsBySha) {
      configsBySha.put(in.repository().fullName() + "@" + sha, config);
    }
    return config;
  }

  private static DatabaseTarget target(StepInput in, RepositoryConfig config) {
    return config.databases().stream()
        .filter(d -> d.name().equals(in.request().database()))
        .findFirst()
        .orElseThrow(
            () ->
                new StepFailedException(
                    in.rolloutId(),
                    Optional.empty(),
                    "no database named `"
                        + in.request().database()
                        + "` in "
                        + RepositoryConfig.PATH
                        + " at "
                        + shortSha(in.request().mergeSha())
                        + ": add it under `databases:` with its secret, then `/migration retry`."));
  }

  /**
   * Writes the Rollout section and the in-progress check run; while only counters change, at most
   * every {@link #PROGRESS_INTERVAL}, so a long backfill does not spend GitHub's rate limit.
   */
  private void publish(
      StepInput in,
      RolloutEngine engine,
      String headline,
      List<String> details,
      Instant now,
      boolean force) {
    Optional<String> body = currentBody(in);
    Optional<Instant> last = body.flatMap(RolloutSection::updatedAt);
    if (!force
        && last.isPresent()
        && Duration.between(last.get(), now).compareTo(PROGRESS_INTERVAL) < 0) {
      return;
    }
    String section =
        RolloutSection.render(headline, Optional.of(engine.status(in.rolloutId())), details, now);
    upsert(in, body, section);
    checkRuns.publish(
        in.repository(),
        CheckRun.inProgress(
            CHECK_NAME,
            in.request().mergeSha(),
            new CheckRun.Output(headline, section, Optional.empty(), List.of())));
  }

  private void write(StepInput in, String section) {
    upsert(in, currentBody(in), section);
  }

  private Optional<String> currentBody(StepInput in) {
    return comments
        .find(in.repository(), in.request().pullRequest(), ReviewReport.MARKER)
        .map(c -> c.body());
  }

  /** Puts the section into the bot's comment, or starts the comment with it. */
  private void upsert(StepInput in, Optional<String> body, String section) {
    comments.upsert(
        in.repository(),
        in.request().pullRequest(),
        ReviewReport.MARKER,
        body.map(b -> RolloutSection.splice(b, section))
            .orElse(ReviewReport.MARKER + "\n" + section + "\n"));
  }

  private static List<String> blockers(MigrationReview review) {
    List<String> out = new ArrayList<>(review.problems());
    review.plan().refusals().forEach(r -> out.add(r.file() + ":" + r.line() + " " + r.reason()));
    if (review.hasSyntaxErrors()) {
      out.add("a statement does not parse");
    }
    return out;
  }

  static String shortSha(String sha) {
    return sha.substring(0, Math.min(7, sha.length()));
  }
}
