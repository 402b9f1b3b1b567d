package dev.migrationbot.rollout.backfill;

/**
 * Whether a VACUUM is working on the table.
 *
 * @param running some vacuum is in progress on the table
 * @param autovacuum the one running is an autovacuum worker (not a manual VACUUM)
 * @param wraparound the autovacuum runs to prevent transaction ID wraparound
 */
public record VacuumActivity(boolean running, boolean autovacuum, boolean wraparound) {

  public static final VacuumActivity IDLE = new VacuumActivity(false, false, false);
}
