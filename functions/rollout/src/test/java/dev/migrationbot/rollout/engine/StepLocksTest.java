package dev.migrationbot.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.analyzer.LockClaim;
import dev.migrationbot.analyzer.LockMode;
import dev.migrationbot.analyzer.QualifiedName;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepLocksTest {

  @Test
  void addColumnNeedsAccessExclusive() {
    assertThat(StepLocks.of(List.of("ALTER TABLE accounts ADD COLUMN status text"), 16))
        .containsExactly(
            new LockClaim(QualifiedName.of("public", "accounts"), LockMode.ACCESS_EXCLUSIVE));
  }

  @Test
  void concurrentIndexBuildNeedsShareUpdateExclusive() {
    assertThat(
            StepLocks.of(
                List.of("CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON shop.orders (status)"), 13))
        .containsExactly(
            new LockClaim(QualifiedName.of("shop", "orders"), LockMode.SHARE_UPDATE_EXCLUSIVE));
  }

  @Test
  void severalStatementsKeepTheStrongestLockPerTable() {
    assertThat(
            StepLocks.of(
                List.of(
                    "ALTER TABLE t VALIDATE CONSTRAINT c",
                    "ALTER TABLE t ALTER COLUMN x SET NOT NULL"),
                17))
        .containsExactly(new LockClaim(QualifiedName.of("public", "t"), LockMode.ACCESS_EXCLUSIVE));
  }

  @Test
  void aNewTableNeedsNoLockOnAnythingInUse() {
    assertThat(StepLocks.of(List.of("CREATE TABLE fresh (id bigint)"), 16)).isEmpty();
  }
}
