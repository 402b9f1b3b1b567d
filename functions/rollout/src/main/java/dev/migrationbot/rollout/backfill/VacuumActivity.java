package dev.migrationbot.rollout.backfill;

/**
 * Whether a VACUUM is working on the table.
 *
 * @param running some vacuum is in progress on the table
 * @param autovacuum the one running is an autovacuum worker (not a manual VACUUM)
 */
public record VacuumActivity(boolean running, boolean autovacuum) {

  public static final VacuumActivity IDLE = new VacuumActivity(false, false);
}
