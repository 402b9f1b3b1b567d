package dev.migrationbot.lambda.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migrationbot.rollout.port.RolloutRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rollout execution's input. Step Functions treats a repeated StartExecution as the same
 * execution only when name and input are equal, so the input is a pure function of the request:
 * fixed key order, no timestamps, no delivery ids. It carries ids and paths, never SQL, to stay far
 * below the 256 KB payload limit.
 */
public final class RolloutInput {

  /** Step Functions' limit for an execution's input, in UTF-8 bytes. */
  static final int MAX_BYTES = 256 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private RolloutInput() {}

  public static String of(RolloutRequest request) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("repository", request.repository().fullName());
    request.repository().installationId().ifPresent(id -> input.put("installationId", id));
    input.put("pullRequest", request.pullRequest());
    input.put("mergeSha", request.mergeSha());
    input.put("database", request.database());
    input.put("fingerprint", request.fingerprint());
    input.put("migrations", request.migrationPaths());
    String json;
    try {
      json = JSON.writeValueAsString(input);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("strings, numbers and lists always serialise", e);
    }
    int bytes = json.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw new IllegalArgumentException(
          "the rollout input has "
              + bytes
              + " bytes, over Step Functions' 256 KB limit: "
              + request.migrationPaths().size()
              + " migration paths are too many for one rollout");
    }
    return json;
  }
}
