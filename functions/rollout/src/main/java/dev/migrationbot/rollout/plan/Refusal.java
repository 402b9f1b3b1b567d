package dev.migrationbot.rollout.plan;

/**
 * A statement the planner cannot make safe on its own: why, and the manual recipe that does it
 * safely. A plan with refusals does not run until the migration changes or a directive accepts the
 * statement as written.
 */
public record Refusal(String file, int line, String statement, String reason, String recipe) {}
