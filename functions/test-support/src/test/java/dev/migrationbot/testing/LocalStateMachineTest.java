package dev.migrationbot.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrationbot.local.Execution;
import dev.migrationbot.local.LocalStateMachine;
import dev.migrationbot.local.StateMachineTools;
import dev.migrationbot.local.TaskFailure;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs a real ASL definition through aws-local-stepfunctions with Task states served by Java. */
class LocalStateMachineTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StateMachineTools tools;
  private JsonNode definition;

  @BeforeEach
  void setUp() throws IOException {
    tools = LocalEngines.stateMachineTools();
    try (InputStream in = getClass().getResourceAsStream("poll-loop.asl.json")) {
      definition = JSON.readTree(in);
    }
  }

  @Test
  void taskChoiceWaitLoopRetriesTransientErrorsAndEndsWithTheTaskResult() {
    AtomicInteger calls = new AtomicInteger();
    List<JsonNode> inputs = new ArrayList<>();
    LocalStateMachine machine =
        LocalStateMachine.builder(tools, definition)
            .task(
                "Poll",
                input -> {
                  inputs.add(input);
                  int call = calls.incrementAndGet();
                  if (call == 1) {
                    throw new TaskFailure("Lambda.ServiceException", "cold start hiccup");
                  }
                  ObjectNode result = JSON.createObjectNode();
                  result.put("ready", call >= 4);
                  result.put("call", call);
                  return result;
                })
            .waitFor("WaitBeforeNextPoll", Duration.ofMillis(10))
            .retryAfter("Poll", Duration.ofMillis(10))
            .build();

    Execution execution = machine.run(input("orders"), Duration.ofSeconds(60));

    assertThat(execution.succeeded()).as("%s: %s", execution.error(), execution.cause()).isTrue();
    assertThat(execution.output().path("table").asText()).isEqualTo("orders");
    assertThat(execution.output().path("poll").path("call").asInt()).isEqualTo(4);
    assertThat(execution.output().path("poll").path("ready").asBoolean()).isTrue();
    assertThat(execution.count("StateRetried")).isEqualTo(1);
    assertThat(execution.statesEntered())
        .containsExactly(
            "Poll",
            "IsReady",
            "WaitBeforeNextPoll",
            "Poll",
            "IsReady",
            "WaitBeforeNextPoll",
            "Poll",
            "IsReady",
            "Done");
    assertThat(inputs).allSatisfy(i -> assertThat(i.path("table").asText()).isEqualTo("orders"));
  }

  @Test
  void unretriedErrorIsCaughtAndRoutedToTheFailureState() {
    LocalStateMachine machine =
        LocalStateMachine.builder(tools, definition)
            .task(
                "Poll",
                input -> {
                  throw new IllegalStateException("table orders has no primary key");
                })
            .build();

    Execution execution = machine.run(input("orders"), Duration.ofSeconds(60));

    assertThat(execution.status()).isEqualTo("FAILED");
    assertThat(execution.error()).isEqualTo("PollFailed");
    assertThat(execution.statesEntered()).containsExactly("Poll", "ReportFailure", "Failed");
    assertThat(execution.count("StateCaught")).isEqualTo(1);
    assertThat(execution.count("StateRetried")).isZero();
  }

  private static ObjectNode input(String table) {
    ObjectNode input = JSON.createObjectNode();
    input.put("table", table);
    return input;
  }
}
