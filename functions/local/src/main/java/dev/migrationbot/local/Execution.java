package dev.migrationbot.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one local state-machine execution.
 *
 * @param status {@code SUCCEEDED}, {@code FAILED} or {@code TIMED_OUT}
 * @param output the execution output when it succeeded
 * @param error the error name when it failed
 * @param cause the error cause when it failed
 * @param events the engine's event log (ExecutionStarted, StateEntered, StateRetried, ...)
 */
public record Execution(
    String status, JsonNode output, String error, String cause, List<JsonNode> events) {

  static Execution fromJson(JsonNode json) {
    List<JsonNode> events = new ArrayList<>();
    json.path("events").forEach(events::add);
    return new Execution(
        json.path("status").asText(),
        json.get("output"),
        json.hasNonNull("error") ? json.get("error").asText() : null,
        json.hasNonNull("cause") ? json.get("cause").asText() : null,
        List.copyOf(events));
  }

  public boolean succeeded() {
    return "SUCCEEDED".equals(status);
  }

  /** The names of the states entered, in order. */
  public List<String> statesEntered() {
    return events.stream()
        .filter(e -> "StateEntered".equals(e.path("type").asText()))
        .map(e -> e.path("state").path("name").asText())
        .toList();
  }

  /** How many events of the given type the engine logged, e.g. {@code StateRetried}. */
  public long count(String eventType) {
    return events.stream().filter(e -> eventType.equals(e.path("type").asText())).count();
  }
}
