package dev.migrationbot.lambda.step;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Starts the execution a long backfill continues in, so no execution's history grows near the
 * 25,000-event limit.
 */
public interface ExecutionContinuer {

  /**
   * Starts the continuation once: asking twice for the same generation returns the same execution.
   *
   * @param executionId the execution that continues
   * @param input the continuation's input: the first execution's, marked to resume at the backfill
   * @param generation 2 for the first continuation, 3 for the next, ...
   * @return the new execution's id
   */
  String continueAsNew(String executionId, ObjectNode input, int generation);
}
