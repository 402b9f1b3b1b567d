package dev.migrationbot.rollout.engine;

import dev.migrationbot.rollout.backfill.BatchSizeController;
import dev.migrationbot.rollout.backfill.ControllerConfig;
import dev.migrationbot.rollout.backfill.EtaRange;
import dev.migrationbot.rollout.backfill.HealthDecision;
import dev.migrationbot.rollout.backfill.HealthGate;
import dev.migrationbot.rollout.backfill.KeyChoice;
import dev.migrationbot.rollout.port.BackfillJob;
import dev.migrationbot.rollout.port.BatchOutcome;
import dev.migrationbot.rollout.port.BatchRequest;
import dev.migrationbot.rollout.port.JobStatus;
import dev.migrationbot.rollout.port.JobTransition;
import dev.migrationbot.rollout.port.LeaseResult;
import dev.migrationbot.rollout.port.RolloutCancelledException;
import dev.migrationbot.rollout.port.StepFailedException;
import dev.migrationbot.rollout.port.TransientFailureException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One slice of a backfill job: take the lease, check the gates, run batches until the time budget
 * is nearly spent, give the lease back. Never sleeps through a hold: a stop signal ends the slice
 * with the time to wait, which the workflow spends without compute.
 */
final class BackfillSliceRunner {

  private final EnginePorts ports;
  private final EngineSettings settings;
  private final Events events;

  BackfillSliceRunner(EnginePorts ports, EngineSettings settings, Events events) {
    this.ports = ports;
    this.settings = settings;
    this.events = events;
  }

  SliceResult run(BackfillJob job, TimeBudget budget, String owner) {
    String rolloutId = job.key().rolloutId();
    String stepId = job.key().stepId();
    if (job.status() == JobStatus.DONE) {
      return result(job, SliceResult.Status.DONE, Duration.ZERO, Optional.empty(), 0, 0, 0);
    }
    if (job.status() == JobStatus.CANCELLED) {
      throw new RolloutCancelledException(
          rolloutId, Optional.of(stepId), "the backfill " + describe(job) + " was cancelled");
    }
    if (job.status() == JobStatus.FAILED) {
      throw new StepFailedException(
          rolloutId,
          stepId,
          "the backfill "
              + describe(job)
              + " failed: "
              + job.lastError().orElse("no error recorded")
              + "; fix the cause, then retry the rollout");
    }
    LeaseResult lease = ports.backfills().acquire(job.id(), owner, settings.leaseTtl());
    if (lease instanceof LeaseResult.Busy busy) {
      Duration wait = atLeastOneSecond(Duration.between(ports.time().now(), busy.until()));
      return result(
          job,
          SliceResult.Status.HOLDING,
          wait,
          Optional.of("another invocation (" + busy.owner() + ") is running this backfill"),
          0,
          0,
          0);
    }
    LeaseResult.Acquired acquired = (LeaseResult.Acquired) lease;
    return new Slice(acquired.job(), acquired.fence(), budget).run();
  }

  private static String capitalized(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private static Duration atLeastOneSecond(Duration wait) {
    return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
  }

  private static String describe(BackfillJob job) {
    return job.key().label() + " of " + job.table();
  }

  private SliceResult result(
      BackfillJob job,
      SliceResult.Status status,
      Duration wait,
      Optional<String> reason,
      long scanned,
      long updated,
      double rate) {
    return result(job, status, wait, reason, job.cursor(), scanned, updated, rate);
  }

  private SliceResult result(
      BackfillJob job,
      SliceResult.Status status,
      Duration wait,
      Optional<String> reason,
      Optional<List<String>> cursor,
      long scanned,
      long updated,
      double rate) {
    Instant now = ports.time().now();
    long totalScanned = job.rowsScanned() + scanned;
    Optional<EtaRange> eta =
        status == SliceResult.Status.DONE
            ? Optional.of(new EtaRange(Duration.ZERO, Duration.ZERO))
            : EtaRange.estimate(
                totalScanned,
                job.estimatedTotal(),
                Duration.between(job.createdAt(), now),
                rate > 0 ? Optional.of(rate) : Optional.empty(),
                settings.etaAfter());
    return new SliceResult(
        status,
        PhaseResult.seconds(wait),
        reason,
        Optional.of(job.key().label()),
        cursor,
        totalScanned,
        job.rowsUpdated() + updated,
        job.unit(),
        rate,
        eta,
        settings.continueAfter());
  }

  /** The state of one slice while it runs. */
  private final class Slice {
    private final BackfillJob job;
    private final long fence;
    private final TimeBudget budget;
    private final HealthGate gate;
    private final BatchSizeController controller;
    private final Instant started;
    private final Set<String> unknownReported = new HashSet<>();
    private Instant nextLag;
    private Instant nextVacuum;
    private Instant nextBackends;
    private Optional<List<String>> cursor;
    private long scanned;
    private long updated;
    private long batches;
    private int failures;
    private int slowDowns;
    private boolean released;

    Slice(BackfillJob job, long fence, TimeBudget budget) {
      this.job = job;
      this.fence = fence;
      this.budget = budget;
      this.gate = new HealthGate(settings.health(), job.baselineActiveBackends());
      ControllerConfig config =
          job.walk() instanceof KeyChoice.CtidRanges ? settings.pages() : settings.rows();
      this.controller = new BatchSizeController(config, job.controller());
      this.started = ports.time().now();
      this.nextLag = started;
      this.nextVacuum = started;
      this.nextBackends = started;
      this.cursor = job.cursor();
    }

    SliceResult run() {
      try {
        return loop();
      } catch (RuntimeException e) {
        if (!released) {
          try {
            release(JobTransition.running(controller.state()));
          } catch (RuntimeException suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw e;
      }
    }

    private SliceResult loop() {
      if (job.status() == JobStatus.PENDING && job.batches() == 0) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("job", job.id());
        detail.put("table", job.table().toString());
        detail.put(
            "walk",
            job.walk() instanceof KeyChoice.Keyset keyset
                ? "keyset on " + keyset.index()
                : "ctid block ranges");
        job.upperBound().ifPresent(u -> detail.put("upperBound", u));
        job.estimatedTotal().ifPresent(t -> detail.put("estimated" + capitalized(job.unit()), t));
        events.emit(job.key().rolloutId(), job.key().stepId(), "backfill-started", detail);
      }
      if (job.cancelRequested()) {
        return cancelled();
      }
      if (job.pauseRequested()) {
        return paused();
      }
      while (true) {
        Instant now = ports.time().now();
        Optional<HealthDecision.Hold> hold = dueChecks(now);
        if (hold.isPresent()) {
          return holding(hold.get());
        }
        if (!timeForAnotherBatch(now)) {
          return sliceEnd(SliceResult.Status.CONTINUE, Duration.ZERO, Optional.empty());
        }
        BatchOutcome outcome =
            ports
                .backfills()
                .runBatch(
                    new BatchRequest(
                        job.id(),
                        fence,
                        controller.size(),
                        controller.state(),
                        settings.batchLockTimeout(),
                        settings.batchStatementTimeout(),
                        settings.leaseTtl()));
        if (outcome instanceof BatchOutcome.Committed committed) {
          Optional<SliceResult> end = committed(committed);
          if (end.isPresent()) {
            return end.get();
          }
        } else if (outcome instanceof BatchOutcome.LeaseLost) {
          released = true;
          events.emit(
              job.key().rolloutId(),
              job.key().stepId(),
              "lease-lost",
              Map.of("job", job.id(), "fence", fence));
          return sliceEnd(
              SliceResult.Status.HOLDING,
              Duration.ofSeconds(1),
              Optional.of("another invocation took this backfill over"));
        } else if (outcome instanceof BatchOutcome.Interrupted interrupted) {
          return interrupted.cancel() ? cancelled() : paused();
        } else if (outcome instanceof BatchOutcome.Retryable retryable) {
          retry(retryable);
        } else {
          return dataError((BatchOutcome.DataError) outcome);
        }
      }
    }

    private Optional<SliceResult> committed(BatchOutcome.Committed c) {
      failures = 0;
      batches++;
      scanned += c.scanned();
      updated += c.updated();
      cursor = Optional.of(c.cursor());
      controller.completed(c.took());
      if (c.finished()) {
        release(
            new JobTransition(
                JobStatus.DONE,
                Optional.empty(),
                Optional.empty(),
                controller.state(),
                Optional.empty(),
                Optional.empty()));
        events.emit(job.key().rolloutId(), job.key().stepId(), "backfill-done", sliceDetail());
        return Optional.of(sliceResult(SliceResult.Status.DONE, Duration.ZERO, Optional.empty()));
      }
      HealthDecision blocked = gate.blocked(c.blockedSessions(), c.longestBlockedWait());
      if (blocked instanceof HealthDecision.Hold hold) {
        return Optional.of(holding(hold));
      }
      if (blocked instanceof HealthDecision.SlowDown slow) {
        controller.halve();
        if (slowDowns++ == 0) {
          events.emit(
              job.key().rolloutId(),
              job.key().stepId(),
              "slow-down",
              Map.of("reason", slow.reason(), "batchSize", controller.size()));
        }
      }
      sleep(controller.pauseAfter(c.took()));
      return Optional.empty();
    }

    private void retry(BatchOutcome.Retryable r) {
      failures++;
      if (r.timeout()) {
        controller.timedOut(r.took());
      }
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("sqlState", r.sqlState());
      detail.put("message", r.message());
      detail.put("failuresInARow", failures);
      detail.put("nextBatchSize", controller.size());
      events.emit(job.key().rolloutId(), job.key().stepId(), "batch-retry", detail);
      if (failures >= settings.maxBatchFailures() && r.connectionLost()) {
        throw new TransientFailureException(
            "lost the connection to the target database "
                + failures
                + " times in a row while backfilling "
                + describe(job)
                + ": "
                + r.message());
      }
      if (failures >= settings.maxBatchFailures()) {
        String message =
            "the backfill "
                + describe(job)
                + " failed "
                + failures
                + " batches in a row, the last with "
                + r.sqlState()
                + ": "
                + r.message()
                + "; look at what holds locks on the table or loads the server, then retry the"
                + " rollout";
        fail(message, Optional.empty());
        throw new StepFailedException(job.key().rolloutId(), job.key().stepId(), message);
      }
      sleep(
          Backoff.delay(
              failures, settings.batchRetryInitial(), settings.batchRetryMax(), ports.random()));
    }

    private SliceResult dataError(BatchOutcome.DataError e) {
      String message =
          "the backfill "
              + describe(job)
              + " fails on the row with key "
              + e.key()
              + " ("
              + e.sqlState()
              + ": "
              + e.message()
              + "); fix that row or the expression, then retry the rollout";
      events.emit(
          job.key().rolloutId(),
          job.key().stepId(),
          "data-error",
          Map.of("sqlState", e.sqlState(), "message", e.message(), "key", e.key()));
      fail(message, Optional.of(e.key()));
      throw new StepFailedException(job.key().rolloutId(), job.key().stepId(), message);
    }

    private void fail(String message, Optional<String> key) {
      release(
          new JobTransition(
              JobStatus.FAILED,
              Optional.empty(),
              Optional.empty(),
              controller.state(),
              Optional.of(message),
              key));
    }

    private boolean timeForAnotherBatch(Instant now) {
      Duration p95 = controller.recentPercentile(0.95).orElse(Duration.ZERO);
      Duration needed = p95.multipliedBy(3);
      if (needed.compareTo(settings.sliceMargin()) < 0) {
        needed = settings.sliceMargin();
      }
      return budget.remaining(now).compareTo(needed) > 0;
    }

    /** Runs the gates that are due; the first hold wins. */
    private Optional<HealthDecision.Hold> dueChecks(Instant now) {
      List<Supplier<HealthDecision>> due = new java.util.ArrayList<>();
      due.add(() -> gate.window(now));
      if (!now.isBefore(nextLag)) {
        nextLag = now.plus(settings.health().lagEvery());
        due.add(() -> gate.replicaLag(ports.health().replicaLag()));
      }
      if (!now.isBefore(nextVacuum)) {
        nextVacuum = now.plus(settings.health().vacuumEvery());
        due.add(() -> gate.vacuum(ports.health().vacuum(job.table())));
      }
      if (!now.isBefore(nextBackends)) {
        nextBackends = now.plus(settings.health().backendsEvery());
        due.add(() -> gate.activeBackends(ports.health().activeBackends()));
      }
      for (Supplier<HealthDecision> check : due) {
        HealthDecision decision = check.get();
        if (decision instanceof HealthDecision.Hold hold) {
          return Optional.of(hold);
        }
        if (decision instanceof HealthDecision.Unknown unknown
            && unknownReported.add(unknown.signal())) {
          events.emit(
              job.key().rolloutId(),
              job.key().stepId(),
              "health-signal-unavailable",
              Map.of("signal", unknown.signal(), "reason", unknown.reason()));
        }
      }
      return Optional.empty();
    }

    private SliceResult holding(HealthDecision.Hold hold) {
      Instant until = ports.time().now().plus(hold.delay());
      release(
          new JobTransition(
              JobStatus.HOLDING,
              Optional.of(until),
              Optional.of(hold.reason()),
              controller.state(),
              Optional.empty(),
              Optional.empty()));
      Map<String, Object> detail = sliceDetail();
      detail.put("reason", hold.reason());
      detail.put("waitSeconds", PhaseResult.seconds(hold.delay()));
      events.emit(job.key().rolloutId(), job.key().stepId(), "hold", detail);
      return sliceResult(SliceResult.Status.HOLDING, hold.delay(), Optional.of(hold.reason()));
    }

    private SliceResult paused() {
      release(
          new JobTransition(
              JobStatus.PAUSED,
              Optional.empty(),
              Optional.of("paused on request"),
              controller.state(),
              Optional.empty(),
              Optional.empty()));
      if (job.status() != JobStatus.PAUSED) {
        events.emit(job.key().rolloutId(), job.key().stepId(), "paused", sliceDetail());
      }
      return sliceResult(
          SliceResult.Status.PAUSED, settings.pausedRecheck(), Optional.of("paused on request"));
    }

    private SliceResult cancelled() {
      release(
          new JobTransition(
              JobStatus.CANCELLED,
              Optional.empty(),
              Optional.of("cancelled on request"),
              controller.state(),
              Optional.empty(),
              Optional.empty()));
      events.emit(job.key().rolloutId(), job.key().stepId(), "cancelled", sliceDetail());
      throw new RolloutCancelledException(
          job.key().rolloutId(),
          Optional.of(job.key().stepId()),
          "the backfill " + describe(job) + " was cancelled on request");
    }

    private SliceResult sliceEnd(SliceResult.Status status, Duration wait, Optional<String> why) {
      if (!released) {
        release(JobTransition.running(controller.state()));
      }
      if (batches > 0) {
        events.emit(job.key().rolloutId(), job.key().stepId(), "slice", sliceDetail());
      }
      return sliceResult(status, wait, why);
    }

    private SliceResult sliceResult(
        SliceResult.Status status, Duration wait, Optional<String> why) {
      return result(job, status, wait, why, cursor, scanned, updated, rate());
    }

    private double rate() {
      double seconds = Duration.between(started, ports.time().now()).toNanos() / 1e9;
      return seconds <= 0 ? 0 : scanned / seconds;
    }

    private Map<String, Object> sliceDetail() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("job", job.id());
      d.put("batches", batches);
      d.put("scanned", scanned);
      d.put("updated", updated);
      d.put("unit", job.unit());
      d.put("perSecond", Math.round(rate()));
      d.put("batchSize", controller.size());
      cursor.ifPresent(c -> d.put("cursor", c));
      return d;
    }

    private void release(JobTransition transition) {
      released = true;
      ports.backfills().release(job.id(), fence, transition);
    }

    private void sleep(Duration d) {
      try {
        ports.sleeper().sleep(d);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransientFailureException("interrupted while pacing the backfill", e);
      }
    }
  }
}
