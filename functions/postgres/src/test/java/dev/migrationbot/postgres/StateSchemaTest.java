package dev.migrationbot.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.testing.PostgresTest;
import dev.migrationbot.testing.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@PostgresTest
class StateSchemaTest {

  @Test
  void createsTheSchemaOnceAndRecordsItsVersion(TestDatabase db) throws Exception {
    try (Connection c = db.connect()) {
      assertThat(StateSchema.currentVersion(c)).isZero();
      StateSchema.ensure(c);
      StateSchema.ensure(c);
      assertThat(StateSchema.currentVersion(c)).isEqualTo(StateSchema.latestVersion());
    }
    assertThat(Fixtures.queryLong(db, "SELECT count(*) FROM migration_bot.schema_version"))
        .isEqualTo(StateSchema.latestVersion());
    assertThat(
            Fixtures.queryLong(
                db,
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'migration_bot' AND tablename"
                    + " IN ('rollouts', 'steps', 'backfill_jobs', 'events')"))
        .isEqualTo(4);
  }

  @Test
  void invocationsStartingAtOnceTakeTurns(TestDatabase db) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        tasks.add(
            () -> {
              try (Connection c = db.connect()) {
                StateSchema.ensure(c);
                return StateSchema.currentVersion(c);
              }
            });
      }
      for (Future<Integer> f : pool.invokeAll(tasks)) {
        assertThat(f.get()).isEqualTo(StateSchema.latestVersion());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(Fixtures.queryLong(db, "SELECT count(*) FROM migration_bot.schema_version"))
        .isEqualTo(StateSchema.latestVersion());
  }
}
