package dev.migrationbot.local;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Serves one Task state of a locally executed state machine.
 *
 * <p>Throwing {@link TaskFailure} fails the state with that error name; any other exception fails
 * it with the exception's class name, as the Lambda Java runtime reports an unhandled exception.
 */
@FunctionalInterface
public interface TaskHandler {

  /**
   * @param input the state's effective input, after {@code InputPath} and {@code Parameters}
   * @return the task result, before {@code ResultSelector} and {@code ResultPath}
   */
  JsonNode handle(JsonNode input) throws Exception;
}
