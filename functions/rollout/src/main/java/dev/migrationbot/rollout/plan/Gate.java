package dev.migrationbot.rollout.plan;

/** What must hold before a step may start. */
public enum Gate {
  /** Nothing beyond the previous step. */
  NONE,
  /** The application version that writes the new column is deployed. */
  DEPLOY_SEEN,
  /** Every backfill of the rollout has finished. */
  BACKFILL_DONE,
  /** A reviewer allowed the contract phase ({@code /migration contract}). */
  CONTRACT_APPROVED
}
