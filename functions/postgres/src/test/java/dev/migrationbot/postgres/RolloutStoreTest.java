package dev.migrationbot.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.analyzer.Phase;
import dev.migrationbot.rollout.port.NewRollout;
import dev.migrationbot.rollout.port.StoredRollout;
import dev.migrationbot.testing.PostgresTest;
import dev.migrationbot.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The rollout store under invocations Lambda delivered twice, running at once. */
@PostgresTest
class RolloutStoreTest {

  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  @Test
  void registeringOneRolloutFromManyInvocationsAtOnceRecordsItOnce(TestDatabase db)
      throws Exception {
    NewRollout rollout =
        Fixtures.rollout(
            db.major(),
            Fixtures.step("expand-1", Phase.EXPAND, Fixtures.ddl("CREATE TABLE t (id int)")),
            Fixtures.step("contract-1", Phase.CONTRACT, Fixtures.ddl("DROP TABLE t")));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<JdbcRolloutStore> stores = new ArrayList<>();
    try {
      List<Callable<StoredRollout>> tasks = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        JdbcRolloutStore store = new JdbcRolloutStore(Fixtures.connections(db));
        stores.add(store);
        tasks.add(() -> store.register(rollout, NOW));
      }
      for (Future<StoredRollout> f : pool.invokeAll(tasks)) {
        assertThat(f.get().id()).isEqualTo(rollout.id());
      }
    } finally {
      pool.shutdownNow();
      stores.forEach(JdbcRolloutStore::close);
    }
    assertThat(Fixtures.queryLong(db, "SELECT count(*) FROM migration_bot.rollouts")).isEqualTo(1);
    assertThat(Fixtures.queryLong(db, "SELECT count(*) FROM migration_bot.steps")).isEqualTo(2);
  }

  @Test
  void aPhaseIsClaimedByOneInvocationUntilItReleasesItOrItsConnectionEnds(TestDatabase db) {
    try (JdbcRolloutStore first = new JdbcRolloutStore(Fixtures.connections(db));
        JdbcRolloutStore second = new JdbcRolloutStore(Fixtures.connections(db))) {
      assertThat(first.claimPhase("r-1", Phase.EXPAND)).isTrue();
      assertThat(second.claimPhase("r-1", Phase.EXPAND)).isFalse();
      assertThat(second.claimPhase("r-1", Phase.CONTRACT)).isTrue();
      assertThat(second.claimPhase("r-2", Phase.EXPAND)).isTrue();
      first.releasePhase("r-1", Phase.EXPAND);
      assertThat(second.claimPhase("r-1", Phase.EXPAND)).isTrue();
      second.close();
      assertThat(first.claimPhase("r-1", Phase.EXPAND)).isTrue();
    }
  }
}
