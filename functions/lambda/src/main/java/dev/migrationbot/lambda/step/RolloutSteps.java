package dev.migrationbot.lambda.step;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrationbot.rollout.engine.PhaseResult;
import dev.migrationbot.rollout.engine.SliceResult;
import dev.migrationbot.rollout.engine.TimeBudget;
import dev.migrationbot.rollout.port.RepositoryRef;
import dev.migrationbot.rollout.port.RetryLaterException;
import dev.migrationbot.rollout.port.RolloutRequest;
import dev.migrationbot.rollout.port.TransientFailureException;
import dev.migrationbot.rollout.workflow.RolloutWorkflow;
import dev.migrationbot.rollout.workflow.StepInput;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decodes each task's input from the execution state, calls one use-case and encodes what the state
 * machine's ResultSelectors read. The execution input carries ids and paths only; every result is a
 * few small fields, far below the 256 KB payload limit.
 */
public final class RolloutSteps {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Kept back from the invocation's remaining time: the step stops starting work this long before
   * Lambda would end it, so it always returns a result the workflow can act on.
   */
  public static final Duration SAFETY_MARGIN = Duration.ofSeconds(20);

  private final RolloutWorkflow workflow;
  private final ExecutionContinuer continuer;
  private final Metrics metrics;
  private final Clock clock;

  public RolloutSteps(
      RolloutWorkflow workflow, ExecutionContinuer continuer, Metrics metrics, Clock clock) {
    this.workflow = workflow;
    this.continuer = continuer;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** What an invocation knows about itself: the time Lambda gives it and its request id. */
  public record Invocation(Duration remaining, String requestId) {}

  public Map<String, Object> plan(JsonNode state, Invocation invocation) {
    return guarded(() -> Map.of("rolloutId", workflow.plan(input(state), clock.instant())));
  }

  public Map<String, Object> expand(JsonNode state, Invocation invocation) {
    return guarded(
        () -> phase("expand", workflow.expand(input(state), budget(invocation), clock.instant())));
  }

  public Map<String, Object> waitForDeploy(JsonNode state, Invocation invocation) {
    return guarded(
        () -> {
          RolloutWorkflow.DeployCheck check = workflow.waitForDeploy(input(state), clock.instant());
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("seen", check.seen());
          out.put("waitSeconds", check.waitSeconds());
          out.put("since", check.since().toString());
          out.put("message", check.message());
          return out;
        });
  }

  public Map<String, Object> backfill(JsonNode state, Invocation invocation) {
    return guarded(
        () -> {
          StepInput in = input(state);
          SliceResult slice =
              workflow.backfill(in, budget(invocation), invocation.requestId(), clock.instant());
          Map<String, Number> values = new LinkedHashMap<>();
          values.put("RowsUpdated", slice.rowsUpdated());
          values.put("UnitsScanned", slice.unitsScanned());
          values.put("RowsPerSecond", Math.round(slice.unitsPerSecond()));
          values.put("WaitSeconds", slice.waitSeconds());
          Map<String, String> properties = new LinkedHashMap<>();
          properties.put("rolloutId", in.rolloutId());
          properties.put("status", slice.status().wireName());
          slice.reason().ifPresent(r -> properties.put("holdReason", r));
          metrics.emit("backfill", values, properties, clock.instant());
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("status", slice.status().wireName());
          out.put("waitSeconds", slice.waitSeconds());
          out.put("continueAfter", slice.continueAfter());
          out.put("rowsUpdated", slice.rowsUpdated());
          out.put("unitsScanned", slice.unitsScanned());
          out.put("unit", slice.unit());
          out.put("unitsPerSecond", Math.round(slice.unitsPerSecond()));
          slice.reason().ifPresent(r -> out.put("reason", r));
          return out;
        });
  }

  public Map<String, Object> contractGate(JsonNode state, Invocation invocation) {
    return guarded(
        () -> {
          RolloutWorkflow.GateCheck gate = workflow.contractGate(input(state), clock.instant());
          return Map.of(
              "open", gate.open(), "waitSeconds", gate.waitSeconds(), "message", gate.message());
        });
  }

  public Map<String, Object> contract(JsonNode state, Invocation invocation) {
    return guarded(
        () ->
            phase(
                "contract", workflow.contract(input(state), budget(invocation), clock.instant())));
  }

  public Map<String, Object> report(JsonNode state, Invocation invocation) {
    return guarded(
        () -> {
          workflow.report(input(state), clock.instant());
          return Map.of("commented", true);
        });
  }

  public Map<String, Object> reportFailure(JsonNode state, Invocation invocation) {
    return guarded(
        () -> {
          workflow.reportFailure(input(state), clock.instant());
          return Map.of("commented", true);
        });
  }

  /** Starts the next execution of a long backfill with the first one's input. */
  public Map<String, Object> continueAsNew(JsonNode payload, Invocation invocation) {
    return guarded(
        () -> {
          JsonNode original = payload.path("input");
          if (!original.isObject()) {
            throw new IllegalArgumentException(
                "the continue step needs the execution input under `input`");
          }
          ObjectNode next = ((ObjectNode) original).deepCopy();
          int generation = original.path("generation").asInt(1) + 1;
          next.put("resumeAt", "backfill");
          next.put("generation", generation);
          String arn =
              continuer.continueAsNew(payload.path("execution").asText(), next, generation);
          return Map.of("executionArn", arn);
        });
  }

  private Map<String, Object> phase(String step, PhaseResult result) {
    metrics.emit(
        step,
        Map.of("WaitSeconds", result.waitSeconds()),
        Map.of("status", result.status().wireName()),
        clock.instant());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", result.status().wireName());
    out.put("waitSeconds", result.waitSeconds());
    out.put("message", result.message());
    return out;
  }

  private TimeBudget budget(Invocation invocation) {
    Duration available = invocation.remaining().minus(SAFETY_MARGIN);
    if (available.isNegative()) {
      available = Duration.ZERO;
    }
    return TimeBudget.of(clock.instant(), available);
  }

  /** Failures worth retrying become the error the state machine's Retry names. */
  private static Map<String, Object> guarded(Supplier<Map<String, Object>> step) {
    try {
      return step.get();
    } catch (TransientFailureException | RetryLaterException e) {
      throw new TransientStepFailure(e.getMessage(), e);
    }
  }

  /** The execution state as the use-cases see it. */
  static StepInput input(JsonNode state) {
    RepositoryRef repository = RepositoryRef.parse(text(state, "repository"));
    if (state.hasNonNull("installationId")) {
      repository = repository.withInstallation(state.get("installationId").asLong());
    }
    List<String> migrations = new ArrayList<>();
    state.path("migrations").forEach(m -> migrations.add(m.asText()));
    RolloutRequest request =
        new RolloutRequest(
            repository,
            state.path("pullRequest").asInt(),
            text(state, "mergeSha"),
            migrations,
            text(state, "fingerprint"),
            text(state, "database"));
    Optional<Instant> since =
        state.path("deploy").hasNonNull("since")
            ? Optional.of(Instant.parse(state.path("deploy").path("since").asText()))
            : Optional.empty();
    Optional<StepInput.Failure> failure =
        state.path("error").isObject()
            ? Optional.of(
                new StepInput.Failure(
                    state.path("error").path("Error").asText("unknown"),
                    state.path("error").path("Cause").asText("")))
            : Optional.empty();
    return new StepInput(request, since, failure);
  }

  private static String text(JsonNode state, String field) {
    JsonNode value = state.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(
          "the step input has no `" + field + "`: it must be the rollout execution's state");
    }
    return value.asText();
  }

  /** Jackson's view of a Lambda event the runtime decoded into maps and lists. */
  static JsonNode tree(Map<String, Object> event) {
    return JSON.valueToTree(event);
  }
}
