package dev.migrationbot.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrationbot.rollout.backfill.Reading;
import dev.migrationbot.rollout.backfill.VacuumActivity;
import dev.migrationbot.testing.PostgresTest;
import dev.migrationbot.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The vacuum signal read from the statistics views while a VACUUM really runs. */
@PostgresTest
class HealthProbeTest {

  @Test
  void aManualVacuumOnTheTableIsSeenAndToldApartFromAnAutovacuum(TestDatabase db) throws Exception {
    db.execute(
        "CREATE TABLE orders (id bigint PRIMARY KEY, note text) WITH (autovacuum_enabled = off);"
            + " INSERT INTO orders SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g;"
            + " CREATE TABLE other (id bigint)");
    try (JdbcHealthProbe probe = new JdbcHealthProbe(Fixtures.connections(db));
        Connection maintenance = db.connect("dba")) {
      assertThat(probe.vacuum(Fixtures.table("orders"))).isEqualTo(Reading.of(VacuumActivity.IDLE));
      int pid;
      try (Statement s = maintenance.createStatement()) {
        // Throttled to a crawl, so the vacuum is still running when the probe looks.
        s.execute("SET vacuum_cost_delay = '100ms'; SET vacuum_cost_limit = 1");
        var rs = s.executeQuery("SELECT pg_backend_pid()");
        rs.next();
        pid = rs.getInt(1);
      }
      CompletableFuture<Void> vacuum =
          CompletableFuture.runAsync(
              () -> {
                try (Statement s = maintenance.createStatement()) {
                  s.execute("VACUUM orders");
                } catch (java.sql.SQLException cancelled) {
                  // the test cancels it once it has looked
                }
              });
      Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
      Reading<VacuumActivity> seen = probe.vacuum(Fixtures.table("orders"));
      while (seen.equals(Reading.of(VacuumActivity.IDLE)) && Instant.now().isBefore(deadline)) {
        Thread.sleep(50);
        seen = probe.vacuum(Fixtures.table("orders"));
      }
      assertThat(seen).isEqualTo(Reading.of(new VacuumActivity(true, false, false)));
      assertThat(probe.vacuum(Fixtures.table("other"))).isEqualTo(Reading.of(VacuumActivity.IDLE));
      db.execute("SELECT pg_cancel_backend(" + pid + ")");
      vacuum.join();
    }
  }
}
