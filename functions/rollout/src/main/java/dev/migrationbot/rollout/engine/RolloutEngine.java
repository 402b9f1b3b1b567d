package dev.migrationbot.rollout.engine;

import dev.migrationbot.analyzer.Phase;
import dev.migrationbot.rollout.backfill.EtaRange;
import dev.migrationbot.rollout.plan.PlanStep;
import dev.migrationbot.rollout.plan.RolloutPlan;
import dev.migrationbot.rollout.plan.StepAction;
import dev.migrationbot.rollout.port.BackfillJob;
import dev.migrationbot.rollout.port.Event;
import dev.migrationbot.rollout.port.JobKey;
import dev.migrationbot.rollout.port.NewRollout;
import dev.migrationbot.rollout.port.RolloutCancelledException;
import dev.migrationbot.rollout.port.RolloutState;
import dev.migrationbot.rollout.port.StepFailedException;
import dev.migrationbot.rollout.port.StepRecord;
import dev.migrationbot.rollout.port.StepStatus;
import dev.migrationbot.rollout.port.StoredRollout;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rollout use-cases the workflow's step handlers call: each decodes its input, calls one
 * method, encodes the result. Every method is idempotent and resumable: it reads where the rollout
 * stands from the database, so it can run twice, or after a crash at any line, and go on.
 *
 * <p>Failures that need a person throw {@link StepFailedException} (or {@link
 * RolloutCancelledException}) after recording them; a database that cannot be reached throws {@link
 * dev.migrationbot.rollout.port.TransientFailureException}, and the workflow retries.
 */
public final class RolloutEngine {

  private static final String CONTRACT_APPROVED = "contract-approved";

  /**
   * How long an invocation that finds its phase claimed by a duplicate waits before it looks again.
   */
  static final Duration CLAIMED_WAIT = Duration.ofSeconds(10);

  private final EnginePorts ports;
  private final EngineSettings settings;
  private final Events events;
  private final BackfillSliceRunner slices;
  private final SchemaStepRunner schemaSteps;

  public RolloutEngine(EnginePorts ports, EngineSettings settings) {
    this.ports = ports;
    this.settings = settings;
    this.events = new Events(ports.store(), ports.time());
    this.slices = new BackfillSliceRunner(ports, settings, events);
    this.schemaSteps = new SchemaStepRunner(ports, settings, events, slices);
  }

  /**
   * Records a merged migration's plan; a second call for the same merge returns the same id.
   *
   * @return the rollout id the other use-cases take
   */
  public String register(NewRollout rollout) {
    StoredRollout stored = ports.store().register(rollout, ports.time().now());
    return stored.id();
  }

  /** Runs the expand steps in order until all are done or the budget is nearly spent. */
  public PhaseResult runExpand(String rolloutId, TimeBudget budget) {
    return guarded(rolloutId, () -> runPhase(rolloutId, Phase.EXPAND, budget));
  }

  /**
   * Runs the next slice of the rollout's backfills, one job after the other.
   *
   * @param invocationId unique per invocation (e.g. the Lambda request id): it owns the job's lease
   *     while the slice runs
   */
  public SliceResult runBackfillSlice(String rolloutId, TimeBudget budget, String invocationId) {
    return guarded(rolloutId, () -> backfillSlice(rolloutId, budget, invocationId));
  }

  /**
   * Runs the contract steps: NOT VALID constraints, VALIDATE (sweeping violating rows and trying
   * again), SET NOT NULL, defaults, drops. The workflow's contract gate decides when this may
   * start; the backfill must be done.
   */
  public PhaseResult runContract(String rolloutId, TimeBudget budget) {
    return guarded(
        rolloutId,
        () -> {
          PhaseResult result = runPhase(rolloutId, Phase.CONTRACT, budget);
          if (result.status() == PhaseResult.Status.DONE) {
            ports.store().setState(rolloutId, RolloutState.DONE, Optional.empty(), now());
            events.emit(rolloutId, null, "rollout-done", Map.of());
          }
          return result;
        });
  }

  /** Asks every running backfill of the rollout to pause at its next batch boundary. */
  public void pause(String rolloutId, String requestedBy) {
    load(rolloutId);
    ports.backfills().requestPause(rolloutId, true);
    events.emit(rolloutId, null, "pause-requested", Map.of("by", requestedBy));
  }

  /** Clears the pause request; the next slice goes on where the job stopped. */
  public void resume(String rolloutId, String requestedBy) {
    load(rolloutId);
    ports.backfills().requestPause(rolloutId, false);
    events.emit(rolloutId, null, "resume-requested", Map.of("by", requestedBy));
  }

  /**
   * Cancels the rollout: backfills stop at their next batch boundary and no further step starts.
   * What already ran stays (every expand step is backward compatible).
   */
  public void cancel(String rolloutId, String requestedBy) {
    StoredRollout rollout = load(rolloutId);
    if (rollout.state() == RolloutState.DONE) {
      throw new StepFailedException(
          rolloutId, Optional.empty(), "rollout " + rolloutId + " is already done");
    }
    ports.backfills().requestCancel(rolloutId);
    ports
        .store()
        .setState(
            rolloutId, RolloutState.CANCELLED, Optional.of("cancelled by " + requestedBy), now());
    events.emit(rolloutId, null, "cancel-requested", Map.of("by", requestedBy));
  }

  /** Makes a failed rollout runnable again: failed steps and jobs go back to pending. */
  public void retry(String rolloutId, String requestedBy) {
    StoredRollout rollout = load(rolloutId);
    if (rollout.state() != RolloutState.FAILED) {
      throw new StepFailedException(
          rolloutId,
          Optional.empty(),
          "rollout " + rolloutId + " is " + rollout.state().dbName() + ", not failed");
    }
    ports.store().resetFailedSteps(rolloutId, now());
    ports.backfills().resetFailed(rolloutId);
    ports.store().setState(rolloutId, RolloutState.RUNNING, Optional.empty(), now());
    events.emit(rolloutId, null, "retry-requested", Map.of("by", requestedBy));
  }

  /**
   * Records that a reviewer allowed the contract phase; the workflow's contract gate opens on it.
   * Giving it twice is harmless.
   */
  public void approveContract(String rolloutId, String approvedBy) {
    load(rolloutId);
    if (contractApprovedBy(rolloutId).isEmpty()) {
      events.emit(rolloutId, null, CONTRACT_APPROVED, Map.of("by", approvedBy));
    }
  }

  /** Who allowed the contract phase, if anyone did. */
  public Optional<String> contractApprovedBy(String rolloutId) {
    return history(rolloutId).stream()
        .filter(e -> e.kind().equals(CONTRACT_APPROVED))
        .map(e -> String.valueOf(e.detail().get("by")))
        .findFirst();
  }

  /** The rollout's event log, oldest first: the final report and the failure report read it. */
  public List<Event> history(String rolloutId) {
    return ports.store().events(rolloutId);
  }

  /** The plan the rollout runs, as recorded when it was registered. */
  public RolloutPlan plan(String rolloutId) {
    return load(rolloutId).plan();
  }

  /** Whether a rollout with this id is recorded (a command may come before the plan step ran). */
  public boolean exists(String rolloutId) {
    return ports.store().find(rolloutId).isPresent();
  }

  /** Where the rollout stands: steps, backfill progress with rates and ETA. */
  public RolloutProgress status(String rolloutId) {
    StoredRollout rollout = load(rolloutId);
    Instant now = now();
    List<RolloutProgress.Step> steps =
        rollout.plan().steps().stream()
            .map(
                s -> {
                  StepRecord r = rollout.step(s.id());
                  return new RolloutProgress.Step(
                      s.id(), s.phase(), s.description(), r.status(), r.attempts(), r.lastError());
                })
            .toList();
    List<RolloutProgress.Job> jobs =
        ports.backfills().ofRollout(rolloutId).stream().map(j -> job(j, now)).toList();
    return new RolloutProgress(rolloutId, rollout.state(), rollout.lastError(), steps, jobs);
  }

  private RolloutProgress.Job job(BackfillJob j, Instant now) {
    Optional<Double> percent =
        j.estimatedTotal()
            .filter(t -> t > 0)
            .map(t -> Math.min(100.0, 100.0 * j.rowsScanned() / t));
    if (j.status() == dev.migrationbot.rollout.port.JobStatus.DONE) {
      percent = Optional.of(100.0);
    }
    Optional<EtaRange> eta =
        j.status().terminal()
            ? Optional.empty()
            : EtaRange.estimate(
                j.rowsScanned(),
                j.estimatedTotal(),
                Duration.between(j.createdAt(), now),
                Optional.empty(),
                settings.etaAfter());
    return new RolloutProgress.Job(
        j.key().stepId(),
        j.key().round(),
        j.table().toString(),
        j.status(),
        j.unit(),
        j.rowsScanned(),
        j.rowsUpdated(),
        j.estimatedTotal(),
        percent,
        j.holdReason(),
        j.holdUntil(),
        j.pauseRequested(),
        j.lastError(),
        eta);
  }

  private SliceResult backfillSlice(String rolloutId, TimeBudget budget, String invocationId) {
    StoredRollout rollout = startable(rolloutId, Phase.BACKFILL);
    SliceResult last = null;
    for (PlanStep step : rollout.plan().phase(Phase.BACKFILL)) {
      StepRecord record = rollout.step(step.id());
      if (record.status().finished()) {
        continue;
      }
      if (!(step.action() instanceof StepAction.Backfill backfill)) {
        StepRun run = runStep(rollout, step, budget, invocationId);
        if (run instanceof StepRun.Waiting waiting) {
          return waitingSlice(step, waiting);
        }
        continue;
      }
      if (record.status() == StepStatus.PENDING) {
        ports.store().stepStarted(rolloutId, step.id(), now());
      }
      BackfillJob job =
          ports
              .backfills()
              .open(
                  new JobKey(rolloutId, step.id(), 0),
                  backfill.spec(),
                  settings.rows(),
                  settings.pages());
      last = slices.run(job, budget, invocationId);
      if (last.status() != SliceResult.Status.DONE) {
        return last;
      }
      ports.store().stepFinished(rolloutId, step.id(), StepStatus.DONE, Optional.empty(), now());
      events.emit(rolloutId, step.id(), "step-done", Map.of("rowsUpdated", last.rowsUpdated()));
      if (budget.remaining(now()).compareTo(settings.sliceMargin()) <= 0) {
        return new SliceResult(
            SliceResult.Status.CONTINUE,
            0,
            Optional.empty(),
            last.stepId(),
            last.cursor(),
            last.unitsScanned(),
            last.rowsUpdated(),
            last.unit(),
            last.unitsPerSecond(),
            last.eta(),
            settings.continueAfter());
      }
    }
    if (last != null) {
      return last;
    }
    return new SliceResult(
        SliceResult.Status.DONE,
        0,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0,
        0,
        "rows",
        0,
        Optional.empty(),
        settings.continueAfter());
  }

  private SliceResult waitingSlice(PlanStep step, StepRun.Waiting waiting) {
    return new SliceResult(
        SliceResult.Status.HOLDING,
        PhaseResult.seconds(waiting.delay()),
        Optional.of(waiting.message()),
        Optional.of(step.id()),
        Optional.empty(),
        0,
        0,
        "rows",
        0,
        Optional.empty(),
        settings.continueAfter());
  }

  private PhaseResult runPhase(String rolloutId, Phase phase, TimeBudget budget) {
    StoredRollout rollout = startable(rolloutId, phase);
    List<PlanStep> open =
        rollout.plan().phase(phase).stream()
            .filter(step -> !rollout.step(step.id()).status().finished())
            .toList();
    if (open.isEmpty()) {
      return PhaseResult.done(phase.displayName() + " done");
    }
    if (!ports.store().claimPhase(rolloutId, phase)) {
      return PhaseResult.continueAfter(
          CLAIMED_WAIT,
          open.get(0).id(),
          "another invocation is running the " + phase.displayName() + " phase");
    }
    try {
      // what the other invocation finished before this one held the claim is done
      StoredRollout current = load(rolloutId);
      String owner = "invocation-" + HexFormat.of().toHexDigits(ports.random().nextLong());
      for (PlanStep step : open) {
        if (current.step(step.id()).status().finished()) {
          continue;
        }
        StepRun run = runStep(current, step, budget, owner);
        if (run instanceof StepRun.Waiting waiting) {
          return PhaseResult.continueAfter(waiting.delay(), step.id(), waiting.message());
        }
      }
      return PhaseResult.done(phase.displayName() + " done");
    } finally {
      ports.store().releasePhase(rolloutId, phase);
    }
  }

  private StepRun runStep(StoredRollout rollout, PlanStep step, TimeBudget budget, String owner) {
    StepAction action = step.action();
    if (action instanceof StepAction.Ddl ddl) {
      return schemaSteps.runDdl(rollout, step, ddl, budget);
    }
    if (action instanceof StepAction.Validate validate) {
      return schemaSteps.runValidate(rollout, step, validate, budget);
    }
    StepAction.Backfill backfill = (StepAction.Backfill) action;
    if (rollout.step(step.id()).status() == StepStatus.PENDING) {
      ports.store().stepStarted(rollout.id(), step.id(), now());
    }
    BackfillJob job =
        ports
            .backfills()
            .open(
                new JobKey(rollout.id(), step.id(), 0),
                backfill.spec(),
                settings.rows(),
                settings.pages());
    SliceResult slice = slices.run(job, budget, owner);
    if (slice.status() != SliceResult.Status.DONE) {
      return new StepRun.Waiting(
          Duration.ofSeconds(slice.waitSeconds()),
          "backfilling " + job.table() + slice.reason().map(r -> " (" + r + ")").orElse(""));
    }
    ports.store().stepFinished(rollout.id(), step.id(), StepStatus.DONE, Optional.empty(), now());
    return StepRun.FINISHED;
  }

  /**
   * Loads the rollout and checks it may run {@code phase}: not failed or cancelled, and every step
   * of the earlier phases finished.
   */
  private StoredRollout startable(String rolloutId, Phase phase) {
    StoredRollout rollout = load(rolloutId);
    if (rollout.state() == RolloutState.CANCELLED) {
      throw new RolloutCancelledException(
          rolloutId,
          Optional.empty(),
          "rollout "
              + rolloutId
              + " was cancelled"
              + rollout.lastError().map(e -> ": " + e).orElse(""));
    }
    if (rollout.state() == RolloutState.FAILED) {
      throw new StepFailedException(
          rolloutId,
          Optional.empty(),
          "rollout "
              + rolloutId
              + " failed earlier: "
              + rollout.lastError().orElse("no error recorded")
              + "; retry it once the cause is fixed");
    }
    for (PlanStep step : rollout.plan().steps()) {
      if (step.phase().compareTo(phase) < 0 && !rollout.step(step.id()).status().finished()) {
        throw new StepFailedException(
            rolloutId,
            Optional.empty(),
            "cannot run the "
                + phase.displayName()
                + " phase: step "
                + step.id()
                + " ("
                + step.description()
                + ") of the "
                + step.phase().displayName()
                + " phase is not finished");
      }
    }
    if (rollout.state() == RolloutState.PLANNED) {
      ports.store().setState(rolloutId, RolloutState.RUNNING, Optional.empty(), now());
    }
    return rollout;
  }

  private StoredRollout load(String rolloutId) {
    return ports
        .store()
        .find(rolloutId)
        .orElseThrow(
            () ->
                new StepFailedException(
                    rolloutId,
                    Optional.empty(),
                    "no rollout " + rolloutId + " is recorded in migration_bot.rollouts"));
  }

  /** Records a failure on the step and the rollout before it reaches the workflow. */
  private <T> T guarded(String rolloutId, java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (RolloutCancelledException e) {
      ports.store().setState(rolloutId, RolloutState.CANCELLED, Optional.of(e.getMessage()), now());
      throw e;
    } catch (StepFailedException e) {
      if (e.stepId().isPresent()) {
        ports
            .store()
            .stepFinished(
                rolloutId, e.stepId().get(), StepStatus.FAILED, Optional.of(e.getMessage()), now());
        events.emit(rolloutId, e.stepId().get(), "step-failed", Map.of("error", e.getMessage()));
        ports.store().setState(rolloutId, RolloutState.FAILED, Optional.of(e.getMessage()), now());
      }
      throw e;
    }
  }

  private Instant now() {
    return ports.time().now();
  }
}
