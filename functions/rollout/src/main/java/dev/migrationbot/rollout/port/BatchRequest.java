package dev.migrationbot.rollout.port;

import dev.migrationbot.rollout.backfill.ControllerState;
import java.time.Duration;

/**
 * One batch to run.
 *
 * @param size rows (keyset) or pages (ctid) in the batch
 * @param controller the controller state to persist with the batch
 * @param lockTimeout bounds each row or table lock wait of the batch
 * @param statementTimeout bounds each statement of the batch
 * @param leaseTtl the lease is extended to now + this with the batch
 */
public record BatchRequest(
    long jobId,
    long fence,
    int size,
    ControllerState controller,
    Duration lockTimeout,
    Duration statementTimeout,
    Duration leaseTtl) {}
