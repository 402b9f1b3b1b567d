package dev.migrationbot.rollout.plan;

/**
 * How the planner builds steps.
 *
 * @param ddl timeouts and retries of steps that take locks which block the application
 * @param longRunning timeouts and retries of scans that only take SHARE UPDATE EXCLUSIVE (VALIDATE,
 *     CREATE INDEX CONCURRENTLY)
 * @param contractAlwaysNeedsApproval when true the contract phase always waits for {@code
 *     /migration contract}; otherwise only when it drops columns or tables
 */
public record PlannerOptions(
    RetryPolicy ddl, RetryPolicy longRunning, boolean contractAlwaysNeedsApproval) {

  public static final PlannerOptions DEFAULTS =
      new PlannerOptions(RetryPolicy.DDL, RetryPolicy.LONG_NON_BLOCKING, false);
}
