package dev.migrationbot.rollout.port;

import dev.migrationbot.analyzer.LockClaim;
import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.rollout.plan.AppliedCheck;
import java.time.Duration;
import java.util.List;

/** Runs schema statements against the target database and reads its catalog. */
public interface SchemaChanges {

  /** The server's major version, e.g. 16. */
  int serverMajor();

  AppliedState applied(AppliedCheck check);

  /**
   * Sessions whose transaction started more than {@code olderThan} ago and that hold a lock
   * conflicting with one the step needs: queueing behind them would hold up the application for as
   * long as they run.
   */
  List<Blocker> longConflictingTransactions(List<LockClaim> needed, Duration olderThan);

  /**
   * Runs the statements: with {@code transactional}, in one transaction with {@code SET LOCAL}
   * timeouts; without, one statement in autocommit with session timeouts that are reset afterwards.
   * {@code statementTimeout} of zero means no limit.
   *
   * @param label names the session in {@code application_name}, e.g. the rollout step
   */
  DdlOutcome execute(
      List<String> statements,
      boolean transactional,
      Duration lockTimeout,
      Duration statementTimeout,
      String label);

  /** {@code DROP INDEX CONCURRENTLY IF EXISTS}: one attempt, same outcome rules. */
  DdlOutcome dropIndexConcurrently(QualifiedName index, Duration lockTimeout, String label);
}
