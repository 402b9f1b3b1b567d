package dev.migrationbot.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Serves a Task state that calls {@code arn:aws:states:::lambda:invoke} the way Lambda answers it:
 * the function gets the {@code Payload} of the state's parameters and its result comes back as
 * {@code {"Payload": ..., "StatusCode": 200}}, so ResultSelectors written for AWS work unchanged. A
 * function that throws fails the state with the exception's class name, as the Java runtime reports
 * unhandled exceptions.
 */
public final class LambdaInvoke {

  /** A Lambda function in this JVM: payload in, result out. */
  @FunctionalInterface
  public interface Function {
    JsonNode apply(JsonNode payload) throws Exception;
  }

  private LambdaInvoke() {}

  public static TaskHandler of(Function function) {
    return input -> {
      JsonNode result = function.apply(input.path("Payload"));
      ObjectNode response = JsonNodeFactory.instance.objectNode();
      response.put("ExecutedVersion", "$LATEST");
      response.set("Payload", result);
      response.put("StatusCode", 200);
      return response;
    };
  }
}
