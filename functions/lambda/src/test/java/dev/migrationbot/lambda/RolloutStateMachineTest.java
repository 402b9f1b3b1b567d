package dev.migrationbot.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrationbot.local.Execution;
import dev.migrationbot.local.LambdaInvoke;
import dev.migrationbot.local.LocalStateMachine;
import dev.migrationbot.local.StateMachineDefinition;
import dev.migrationbot.local.StateMachineTools;
import dev.migrationbot.local.TaskFailure;
import dev.migrationbot.testing.LocalEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rollout definition's control flow, run by aws-local-stepfunctions with scripted task results:
 * loops, waits, gates, retries, failure reporting and continue-as-new.
 */
class RolloutStateMachineTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TASKS =
      List.of(
          "Plan",
          "Expand",
          "CheckDeploy",
          "BackfillSlice",
          "ContinueAsNew",
          "ContractGate",
          "Contract",
          "Report",
          "ReportFailure");

  private StateMachineTools tools;
  private Path definitionFile;
  private JsonNode definition;
  private final Map<String, Deque<Object>> scripts = new java.util.HashMap<>();
  private final List<JsonNode> payloads = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() throws Exception {
    tools = LocalEngines.stateMachineTools();
    definitionFile = tools.repositoryRoot().resolve("statemachine/rollout.asl.json");
    definition =
        JSON.readTree(StateMachineDefinition.withLocalFunctions(Files.readString(definitionFile)));
    for (String task : TASKS) {
      scripts.put(task, new ArrayDeque<>());
    }
    script("Plan", "{\"rolloutId\":\"r-1\"}");
    script("Expand", "{\"status\":\"done\",\"waitSeconds\":0,\"continueAfter\":1000}");
    script("ContractGate", "{\"open\":true,\"waitSeconds\":0}");
    script("Contract", "{\"status\":\"done\",\"waitSeconds\":0,\"continueAfter\":1000}");
    script("Report", "{\"commented\":true}");
    script("ReportFailure", "{\"commented\":true}");
    script(
        "ContinueAsNew",
        "{\"executionArn\":\"arn:aws:states:us-east-1:000000000000:execution:rollout:next\"}");
  }

  /** Queues results for a task; the last one repeats. A Throwable in the queue is thrown. */
  private void script(String task, Object... results) {
    for (Object r : results) {
      scripts.get(task).add(r);
    }
  }

  private Execution run(String input) throws Exception {
    LocalStateMachine.Builder builder = LocalStateMachine.builder(tools, definition);
    for (String task : TASKS) {
      builder.task(
          task,
          LambdaInvoke.of(
              payload -> {
                ObjectNode call = JSON.createObjectNode();
                call.put("task", task);
                call.set("payload", payload);
                payloads.add(call);
                Deque<Object> queue = scripts.get(task);
                Object next = queue.size() > 1 ? queue.poll() : queue.peek();
                if (next instanceof Exception e) {
                  throw e;
                }
                return JSON.readTree((String) next);
              }));
      builder.retryAfter(task, Duration.ofMillis(1));
    }
    builder.everyWaitFor(Duration.ofMillis(1));
    return builder.build().run(JSON.readTree(input), Duration.ofMinutes(2));
  }

  private static final String INPUT =
      "{\"repository\":\"shop/app\",\"pullRequest\":42,\"mergeSha\":\"abc\"}";

  @Test
  void definitionIsValidAsl() {
    assertThat(tools.validate(definitionFile)).isEmpty();
  }

  @Test
  void happyPathPollsTheDeployLoopsTheBackfillAndReports() throws Exception {
    script(
        "CheckDeploy",
        "{\"seen\":false,\"waitSeconds\":60,\"since\":\"2026-11-25T10:00:00Z\"}",
        "{\"seen\":false,\"waitSeconds\":60,\"since\":\"2026-11-25T10:00:00Z\"}",
        "{\"seen\":true,\"waitSeconds\":0,\"since\":\"2026-11-25T10:00:00Z\"}");
    script(
        "BackfillSlice",
        "{\"status\":\"continue\",\"waitSeconds\":0,\"continueAfter\":1000}",
        "{\"status\":\"holding\",\"waitSeconds\":600,\"continueAfter\":1000}",
        "{\"status\":\"continue\",\"waitSeconds\":0,\"continueAfter\":1000}",
        "{\"status\":\"done\",\"waitSeconds\":0,\"continueAfter\":1000}");

    Execution execution = run(INPUT);

    assertThat(execution.succeeded()).as("%s %s", execution.error(), execution.cause()).isTrue();
    assertThat(execution.statesEntered())
        .containsExactly(
            "Route",
            "Plan",
            "Expand",
            "ExpandDone?",
            "CheckDeploy",
            "DeploySeen?",
            "WaitForDeploy",
            "CheckDeploy",
            "DeploySeen?",
            "WaitForDeploy",
            "CheckDeploy",
            "DeploySeen?",
            "InitBackfillLoop",
            "BackfillSlice",
            "CountSlice",
            "BackfillStatus?",
            "BackfillSlice",
            "CountSlice",
            "BackfillStatus?",
            "Hold",
            "BackfillSlice",
            "CountSlice",
            "BackfillStatus?",
            "BackfillSlice",
            "CountSlice",
            "BackfillStatus?",
            "ContractGate",
            "ContractAllowed?",
            "Contract",
            "ContractDone?",
            "Report",
            "Done");
    assertThat(execution.output().path("plan").path("rolloutId").asText()).isEqualTo("r-1");
    assertThat(execution.output().path("loop").path("iterations").asInt()).isEqualTo(4);
    JsonNode slicePayload =
        payloads.stream()
            .filter(p -> p.path("task").asText().equals("BackfillSlice"))
            .findFirst()
            .orElseThrow();
    assertThat(slicePayload.at("/payload/plan/rolloutId").asText()).isEqualTo("r-1");
    assertThat(slicePayload.at("/payload/repository").asText()).isEqualTo("shop/app");
  }

  @Test
  void contractWaitsForApprovalAndLambdaHiccupsAreRetried() throws Exception {
    script("CheckDeploy", "{\"seen\":true,\"waitSeconds\":0,\"since\":\"2026-11-25T10:00:00Z\"}");
    script(
        "BackfillSlice",
        new TaskFailure("Lambda.ServiceException", "throttled"),
        "{\"status\":\"done\",\"waitSeconds\":0,\"continueAfter\":1000}");
    scripts.get("ContractGate").clear();
    script(
        "ContractGate",
        "{\"open\":false,\"waitSeconds\":300}",
        "{\"open\":false,\"waitSeconds\":300}",
        "{\"open\":true,\"waitSeconds\":0}");

    Execution execution = run(INPUT);

    assertThat(execution.succeeded()).isTrue();
    assertThat(execution.count("StateRetried")).isEqualTo(1);
    assertThat(execution.statesEntered().stream().filter("WaitForContractApproval"::equals))
        .hasSize(2);
  }

  @Test
  void aFailingStepIsReportedAndTheExecutionFails() throws Exception {
    script("CheckDeploy", "{\"seen\":true,\"waitSeconds\":0,\"since\":\"2026-11-25T10:00:00Z\"}");
    script(
        "BackfillSlice",
        new IllegalStateException("invalid input syntax for type integer at key 4711"));

    Execution execution = run(INPUT);

    assertThat(execution.status()).isEqualTo("FAILED");
    assertThat(execution.error()).isEqualTo("RolloutFailed");
    JsonNode report =
        payloads.stream()
            .filter(p -> p.path("task").asText().equals("ReportFailure"))
            .findFirst()
            .orElseThrow();
    assertThat(report.at("/payload/error/Error").asText())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(report.at("/payload/error/Cause").asText()).contains("key 4711");
    assertThat(execution.statesEntered()).endsWith("BackfillSlice", "ReportFailure", "Failed");
  }

  @Test
  void aLongBackfillContinuesAsANewExecutionThatResumesAtTheBackfill() throws Exception {
    script("CheckDeploy", "{\"seen\":true,\"waitSeconds\":0,\"since\":\"2026-11-25T10:00:00Z\"}");
    script("BackfillSlice", "{\"status\":\"continue\",\"waitSeconds\":0,\"continueAfter\":50}");

    Execution first = run(INPUT);

    assertThat(first.succeeded()).isTrue();
    assertThat(first.statesEntered()).endsWith("ContinueAsNew", "ContinuedAsNew");
    assertThat(first.statesEntered().stream().filter("BackfillSlice"::equals)).hasSize(50);
    JsonNode continuation =
        payloads.stream()
            .filter(p -> p.path("task").asText().equals("ContinueAsNew"))
            .findFirst()
            .orElseThrow();
    assertThat(continuation.at("/payload/input/mergeSha").asText()).isEqualTo("abc");
    System.out.printf(
        "continue-as-new after 50 slices: %d engine events, %.1f per slice%n",
        first.events().size(), first.events().size() / 50.0);

    scripts.get("BackfillSlice").clear();
    script("BackfillSlice", "{\"status\":\"done\",\"waitSeconds\":0,\"continueAfter\":1000}");
    Execution resumed =
        run(
            "{\"repository\":\"shop/app\",\"pullRequest\":42,\"mergeSha\":\"abc\",\"resumeAt\":\"backfill\"}");
    assertThat(resumed.succeeded()).isTrue();
    assertThat(resumed.statesEntered()).startsWith("Route", "InitBackfillLoop", "BackfillSlice");
    assertThat(resumed.statesEntered()).doesNotContain("Plan", "Expand");
  }
}
