package dev.migrationbot.rollout.engine;

import dev.migrationbot.analyzer.Identifiers;
import dev.migrationbot.analyzer.LockClaim;
import dev.migrationbot.rollout.plan.AppliedCheck;
import dev.migrationbot.rollout.plan.PlanStep;
import dev.migrationbot.rollout.plan.RetryPolicy;
import dev.migrationbot.rollout.plan.StepAction;
import dev.migrationbot.rollout.port.AppliedState;
import dev.migrationbot.rollout.port.BackfillJob;
import dev.migrationbot.rollout.port.Blocker;
import dev.migrationbot.rollout.port.DdlOutcome;
import dev.migrationbot.rollout.port.JobKey;
import dev.migrationbot.rollout.port.JobStatus;
import dev.migrationbot.rollout.port.StepFailedException;
import dev.migrationbot.rollout.port.StepRecord;
import dev.migrationbot.rollout.port.StepStatus;
import dev.migrationbot.rollout.port.StoredRollout;
import dev.migrationbot.rollout.port.TransientFailureException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs DDL and VALIDATE steps: skip what the catalog shows applied, never queue behind a long
 * transaction, bound every lock wait by the step's lock_timeout, and retry with exponential backoff
 * and full jitter within the step's budget, recording who blocked each attempt.
 */
final class SchemaStepRunner {

  /** SQLSTATEs of a constraint that existing rows violate: check_violation, not_null_violation. */
  private static final Set<String> VIOLATIONS = Set.of("23514", "23502");

  private final EnginePorts ports;
  private final EngineSettings settings;
  private final Events events;
  private final BackfillSliceRunner slices;

  SchemaStepRunner(
      EnginePorts ports, EngineSettings settings, Events events, BackfillSliceRunner slices) {
    this.ports = ports;
    this.settings = settings;
    this.events = events;
    this.slices = slices;
  }

  StepRun runDdl(StoredRollout rollout, PlanStep step, StepAction.Ddl ddl, TimeBudget budget) {
    Context ctx = new Context(rollout, step, budget);
    if (ddl.applied().isPresent()) {
      AppliedState state = ports.schema().applied(ddl.applied().get());
      if (state instanceof AppliedState.Applied) {
        ctx.alreadyApplied(ddl.applied().get());
        return StepRun.FINISHED;
      }
      if (state instanceof AppliedState.Conflict conflict) {
        throw ctx.failure(conflict.message());
      }
      if (state instanceof AppliedState.InvalidIndex invalid) {
        ctx.start();
        events.emit(
            rollout.id(),
            step.id(),
            "invalid-index",
            Map.of(
                "index",
                invalid.index().toString(),
                "action",
                "dropped concurrently and built again"));
        Attempt drop =
            ctx.withRetries(
                List.of(),
                () ->
                    ports
                        .schema()
                        .dropIndexConcurrently(
                            invalid.index(), step.retry().lockTimeout(), ctx.label()));
        if (drop instanceof Attempt.Wait wait) {
          return wait.run();
        }
        if (drop instanceof Attempt.Error error) {
          throw ctx.failure(
              "the INVALID index "
                  + invalid.index()
                  + " left by an earlier build could not be dropped ("
                  + error.outcome().sqlState()
                  + ": "
                  + error.outcome().message()
                  + ")");
        }
      }
    }
    ctx.start();
    List<LockClaim> locks = StepLocks.of(ddl.statements(), ports.schema().serverMajor());
    Attempt attempt =
        ctx.withRetries(
            locks,
            () ->
                ports
                    .schema()
                    .execute(
                        ddl.statements(),
                        ddl.transactional(),
                        step.retry().lockTimeout(),
                        step.retry().statementTimeout(),
                        ctx.label()));
    if (attempt instanceof Attempt.Wait wait) {
      return wait.run();
    }
    if (attempt instanceof Attempt.Error error) {
      throw ctx.failure(
          "the step's SQL failed ("
              + error.outcome().sqlState()
              + ": "
              + error.outcome().message()
              + "); nothing of it was applied"
              + (ddl.transactional() ? "" : " except what the statement itself leaves behind")
              + ". Fix the migration or the database, then retry the rollout");
    }
    ctx.finished(((Attempt.Ok) attempt).notices());
    return StepRun.FINISHED;
  }

  StepRun runValidate(
      StoredRollout rollout, PlanStep step, StepAction.Validate validate, TimeBudget budget) {
    Context ctx = new Context(rollout, step, budget);
    AppliedState validated =
        ports
            .schema()
            .applied(
                new AppliedCheck.ConstraintExists(validate.table(), validate.constraint(), true));
    if (validated instanceof AppliedState.Applied) {
      ctx.alreadyApplied(
          new AppliedCheck.ConstraintExists(validate.table(), validate.constraint(), true));
      return StepRun.FINISHED;
    }
    AppliedState exists =
        ports
            .schema()
            .applied(
                new AppliedCheck.ConstraintExists(validate.table(), validate.constraint(), false));
    if (!(exists instanceof AppliedState.Applied)) {
      throw ctx.failure(
          "constraint "
              + validate.constraint()
              + " does not exist on "
              + validate.table()
              + ", so there is nothing to validate; the step that adds it NOT VALID must run"
              + " first");
    }
    ctx.start();
    List<String> sql =
        List.of(
            "ALTER TABLE "
                + validate.table().sql()
                + " VALIDATE CONSTRAINT "
                + Identifiers.quote(validate.constraint()));
    List<LockClaim> locks = StepLocks.of(sql, ports.schema().serverMajor());
    while (true) {
      Optional<BackfillJob> sweep = latestSweep(rollout.id(), step.id());
      if (sweep.isPresent() && sweep.get().status() != JobStatus.DONE) {
        SliceResult slice = slices.run(sweep.get(), budget, ctx.label());
        if (slice.status() != SliceResult.Status.DONE) {
          return new StepRun.Waiting(
              Duration.ofSeconds(slice.waitSeconds()),
              "sweeping rows that violate "
                  + validate.constraint()
                  + slice.reason().map(r -> " (" + r + ")").orElse(""));
        }
      }
      Attempt attempt =
          ctx.withRetries(
              locks,
              () ->
                  ports
                      .schema()
                      .execute(
                          sql,
                          true,
                          step.retry().lockTimeout(),
                          step.retry().statementTimeout(),
                          ctx.label()));
      if (attempt instanceof Attempt.Ok ok) {
        ctx.finished(ok.notices());
        return StepRun.FINISHED;
      }
      if (attempt instanceof Attempt.Wait wait) {
        return wait.run();
      }
      DdlOutcome.Failed failed = ((Attempt.Error) attempt).outcome();
      if (!VIOLATIONS.contains(failed.sqlState())) {
        throw ctx.failure(
            "VALIDATE CONSTRAINT "
                + validate.constraint()
                + " on "
                + validate.table()
                + " failed ("
                + failed.sqlState()
                + ": "
                + failed.message()
                + ")");
      }
      if (validate.sweep().isEmpty()) {
        throw ctx.failure(
            "existing rows of "
                + validate.table()
                + " violate "
                + validate.constraint()
                + " ("
                + failed.message()
                + "); correct those rows, then retry the rollout");
      }
      int round = sweep.map(j -> j.key().round()).orElse(0) + 1;
      if (round > settings.maxSweepRounds()) {
        throw ctx.failure(
            "rows of "
                + validate.table()
                + " still violate "
                + validate.constraint()
                + " after "
                + settings.maxSweepRounds()
                + " sweeps ("
                + failed.message()
                + "): some writer keeps writing rows that break it. Find it (old application"
                + " versions, jobs, other services), stop it, then retry the rollout");
      }
      events.emit(
          rollout.id(),
          step.id(),
          "validate-violated",
          Map.of("message", failed.message(), "sweepRound", round));
      ports
          .backfills()
          .open(
              new JobKey(rollout.id(), step.id(), round),
              validate.sweep().get(),
              settings.rows(),
              settings.pages());
    }
  }

  private Optional<BackfillJob> latestSweep(String rolloutId, String stepId) {
    return ports.backfills().ofRollout(rolloutId).stream()
        .filter(j -> j.key().stepId().equals(stepId) && j.key().round() > 0)
        .max(Comparator.comparingInt(j -> j.key().round()));
  }

  /** How a run of attempts ended. */
  private sealed interface Attempt {
    record Ok(List<String> notices) implements Attempt {}

    record Error(DdlOutcome.Failed outcome) implements Attempt {}

    record Wait(Duration delay, String message) implements Attempt {
      StepRun run() {
        return new StepRun.Waiting(delay, message);
      }
    }
  }

  /** One step's execution within one invocation. */
  private final class Context {
    private final StoredRollout rollout;
    private final PlanStep step;
    private final TimeBudget budget;
    private final RetryPolicy policy;
    private int failures;
    private Instant firstAttempt;
    private Optional<String> lastError;

    Context(StoredRollout rollout, PlanStep step, TimeBudget budget) {
      this.rollout = rollout;
      this.step = step;
      this.budget = budget;
      this.policy = step.retry();
      StepRecord record = rollout.step(step.id());
      this.failures = record.attempts();
      this.firstAttempt = record.firstAttemptAt().orElse(null);
      this.lastError = record.lastError();
    }

    String label() {
      return "ddl/" + step.id();
    }

    void start() {
      if (firstAttempt == null) {
        firstAttempt = ports.time().now();
        ports.store().stepStarted(rollout.id(), step.id(), firstAttempt);
      }
    }

    void alreadyApplied(AppliedCheck check) {
      boolean ranBefore = firstAttempt != null;
      StepStatus status = ranBefore ? StepStatus.DONE : StepStatus.SKIPPED;
      ports.store().stepFinished(rollout.id(), step.id(), status, Optional.empty(), now());
      events.emit(
          rollout.id(),
          step.id(),
          ranBefore ? "step-done" : "step-skipped",
          Map.of(
              "reason",
              ranBefore
                  ? "an earlier attempt took effect: " + check
                  : "already applied: " + check));
    }

    void finished(List<String> notices) {
      ports.store().stepFinished(rollout.id(), step.id(), StepStatus.DONE, Optional.empty(), now());
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("attempts", failures + 1);
      if (!notices.isEmpty()) {
        detail.put("notices", notices);
      }
      events.emit(rollout.id(), step.id(), "step-done", detail);
    }

    StepFailedException failure(String message) {
      return new StepFailedException(
          rollout.id(),
          step.id(),
          "step " + step.id() + " (" + step.description() + "): " + message);
    }

    /**
     * Attempts until one commits or fails for good, waiting out long conflicting transactions
     * instead of queueing behind them. Returns a wait when the invocation's budget cannot cover the
     * next backoff and attempt; fails when the step's retry budget is spent.
     */
    Attempt withRetries(List<LockClaim> locks, Supplier<DdlOutcome> attempt) {
      while (true) {
        Instant now = now();
        Duration spent = Duration.between(firstAttempt == null ? now : firstAttempt, now);
        if (spent.compareTo(policy.budget()) > 0) {
          throw failure(
              "could not get its locks within "
                  + policy.budget().toMinutes()
                  + " min ("
                  + failures
                  + " attempts, lock_timeout "
                  + policy.lockTimeout().toMillis()
                  + " ms); last: "
                  + lastError.orElse("no attempt recorded")
                  + ". End or shorten the blocking transactions, then retry the rollout");
        }
        List<Blocker> long_ =
            locks.isEmpty()
                ? List.of()
                : ports.schema().longConflictingTransactions(locks, settings.longTransaction());
        if (!long_.isEmpty()) {
          recordFailure(
              "waiting-for-long-transactions",
              "waiting for long transactions holding conflicting locks: " + summary(long_),
              Optional.empty(),
              long_);
        } else {
          DdlOutcome outcome = attempt.get();
          if (outcome instanceof DdlOutcome.Done done) {
            return new Attempt.Ok(done.notices());
          }
          if (outcome instanceof DdlOutcome.Failed failed) {
            return new Attempt.Error(failed);
          }
          DdlOutcome.LockNotAvailable busy = (DdlOutcome.LockNotAvailable) outcome;
          recordFailure(
              "lock-timeout",
              busy.sqlState()
                  + " "
                  + busy.message()
                  + (busy.blockers().isEmpty() ? "" : "; blocked by " + summary(busy.blockers())),
              Optional.of(busy.sqlState()),
              busy.blockers());
        }
        Duration wait =
            Backoff.delay(failures, policy.initialBackoff(), policy.maxBackoff(), ports.random());
        Duration needed = wait.plus(policy.lockTimeout()).plus(settings.sliceMargin());
        if (budget.remaining(now()).compareTo(needed) < 0) {
          return new Attempt.Wait(wait, "retrying " + step.id() + " after " + lastError.orElse(""));
        }
        try {
          ports.sleeper().sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new TransientFailureException("interrupted while waiting to retry " + step.id(), e);
        }
      }
    }

    private void recordFailure(
        String kind, String error, Optional<String> sqlState, List<Blocker> blockers) {
      failures++;
      lastError = Optional.of(error);
      ports.store().stepAttemptFailed(rollout.id(), step.id(), error, now());
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("attempt", failures);
      sqlState.ifPresent(s -> detail.put("sqlState", s));
      detail.put("lockTimeoutMs", policy.lockTimeout().toMillis());
      detail.put("blockers", blockers.stream().map(Blocker::detail).toList());
      events.emit(rollout.id(), step.id(), kind, detail);
    }

    private Instant now() {
      return ports.time().now();
    }
  }

  private static String summary(List<Blocker> blockers) {
    return String.join("; ", blockers.stream().limit(3).map(Blocker::summary).toList())
        + (blockers.size() > 3 ? " and " + (blockers.size() - 3) + " more" : "");
  }
}
