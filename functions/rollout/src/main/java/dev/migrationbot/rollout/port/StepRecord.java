package dev.migrationbot.rollout.port;

import java.time.Instant;
import java.util.Optional;

/**
 * The execution record of one plan step.
 *
 * @param attempts attempts that failed to get their locks (or otherwise failed and were retried)
 * @param firstAttemptAt when the step first ran; its retry budget counts from here
 */
public record StepRecord(
    String stepId,
    StepStatus status,
    int attempts,
    Optional<Instant> firstAttemptAt,
    Optional<Instant> finishedAt,
    Optional<String> lastError) {}
