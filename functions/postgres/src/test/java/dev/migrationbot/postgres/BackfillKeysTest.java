package dev.migrationbot.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrationbot.analyzer.Phase;
import dev.migrationbot.rollout.backfill.KeyChoice;
import dev.migrationbot.rollout.engine.SliceResult;
import dev.migrationbot.rollout.port.BackfillJob;
import dev.migrationbot.rollout.port.RolloutState;
import dev.migrationbot.rollout.port.StepFailedException;
import dev.migrationbot.testing.PostgresTest;
import dev.migrationbot.testing.TestDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Every way a backfill walks a table: bigint, uuid, composite, unique keys, and ctid ranges. */
@PostgresTest
class BackfillKeysTest {

  private BackfillJob fillsEveryRow(TestDatabase db, String table, long rows) throws Exception {
    try (PostgresRolloutEngine engine =
        new PostgresRolloutEngine(Fixtures.connections(db), Fixtures.FAST)) {
      String id =
          engine
              .engine()
              .register(
                  Fixtures.rollout(
                      db.major(),
                      Fixtures.step(
                          "backfill-1",
                          Phase.BACKFILL,
                          Fixtures.fill(table, "filled", "length(payload) + 1"))));
      SliceResult done = Fixtures.backfillToEnd(engine, id);
      assertThat(done.rowsUpdated()).as("rows_updated is exact").isEqualTo(rows);
      assertThat(Fixtures.queryLong(db, "SELECT count(*) FROM " + table + " WHERE filled IS NULL"))
          .isZero();
      assertThat(
              Fixtures.queryLong(
                  db, "SELECT count(*) FROM " + table + " WHERE filled <> length(payload) + 1"))
          .isZero();
      BackfillJob job = engine.backfills().ofRollout(id).get(0);
      assertThat(job.rowsUpdated()).isEqualTo(rows);
      assertThat(job.batches()).as("small batches: many of them").isGreaterThan(3);
      return job;
    }
  }

  @Test
  void bigintPrimaryKeyWithGaps(TestDatabase db) throws Exception {
    db.execute(
        "CREATE TABLE items (id bigint PRIMARY KEY, payload text, filled int);"
            + " INSERT INTO items SELECT g * 3, md5(g::text), NULL FROM generate_series(1, 5000) g");
    BackfillJob job = fillsEveryRow(db, "items", 5000);
    assertThat(job.walk()).isInstanceOf(KeyChoice.Keyset.class);
    assertThat(job.upperBound()).contains(java.util.List.of("15000"));
    assertThat(job.rowsScanned()).isEqualTo(5000);
  }

  @Test
  void uuidPrimaryKey(TestDatabase db) throws Exception {
    db.execute(
        "CREATE TABLE sessions (id uuid PRIMARY KEY, payload text, filled int);"
            + " INSERT INTO sessions SELECT md5(g::text)::uuid, md5(g::text), NULL"
            + " FROM generate_series(1, 3000) g");
    BackfillJob job = fillsEveryRow(db, "sessions", 3000);
    assertThat(((KeyChoice.Keyset) job.walk()).columns().get(0).type()).isEqualTo("uuid");
  }

  @Test
  void compositePrimaryKeyComparesAsRows(TestDatabase db) throws Exception {
    db.execute(
        "CREATE TABLE lines (tenant int, order_no text, line int, payload text, filled int,"
            + " PRIMARY KEY (tenant, order_no, line));"
            + " INSERT INTO lines SELECT g % 7, 'o-' || (g % 13), g, md5(g::text), NULL"
            + " FROM generate_series(1, 4000) g");
    BackfillJob job = fillsEveryRow(db, "lines", 4000);
    assertThat(((KeyChoice.Keyset) job.walk()).columns()).hasSize(3);
  }

  @Test
  void uniqueNotNullKeyWhenThereIsNoPrimaryKey(TestDatabase db) throws Exception {
    db.execute(
        "CREATE TABLE accounts (email text NOT NULL, nickname text, payload text, filled int);"
            + " CREATE UNIQUE INDEX accounts_nickname ON accounts (nickname);"
            + " CREATE UNIQUE INDEX accounts_email ON accounts (email);"
            + " INSERT INTO accounts SELECT 'user' || g || '@example.com', 'n' || g,"
            + " md5(g::text), NULL FROM generate_series(1, 2500) g");
    BackfillJob job = fillsEveryRow(db, "accounts", 2500);
    assertThat(((KeyChoice.Keyset) job.walk()).index())
        .as("the nullable nickname index does not qualify")
        .isEqualTo("accounts_email");
  }

  @Test
  void tableWithoutKeyWalksCtidRangesFromFourteen(TestDatabase db) throws Exception {
    Assumptions.assumeTrue(db.major() >= 14, "ctid ranges need PostgreSQL 14");
    db.execute(
        "CREATE TABLE logs (payload text, filled int);"
            + " INSERT INTO logs SELECT md5(g::text), NULL FROM generate_series(1, 6000) g");
    long pages = Fixtures.queryLong(db, "SELECT pg_relation_size('logs') / 8192");
    BackfillJob job = fillsEveryRow(db, "logs", 6000);
    assertThat(job.walk()).isInstanceOf(KeyChoice.CtidRanges.class);
    assertThat(job.unit()).isEqualTo("pages");
    assertThat(job.rowsScanned())
        .as("the pages the table had when the job started; new row versions land after them")
        .isEqualTo(pages);
  }

  @Test
  void tableWithoutKeyIsRefusedBeforeFourteen(TestDatabase db) throws Exception {
    Assumptions.assumeTrue(db.major() < 14, "runs on PostgreSQL 13; KeyChoiceTest covers it");
    db.execute(
        "CREATE TABLE logs (payload text, filled int);"
            + " INSERT INTO logs SELECT md5(g::text), NULL FROM generate_series(1, 100) g");
    try (PostgresRolloutEngine engine =
        new PostgresRolloutEngine(Fixtures.connections(db), Fixtures.FAST)) {
      String id =
          engine
              .engine()
              .register(
                  Fixtures.rollout(
                      db.major(),
                      Fixtures.step(
                          "backfill-1", Phase.BACKFILL, Fixtures.fill("logs", "filled", "1"))));
      assertThatThrownBy(() -> engine.engine().runBackfillSlice(id, Fixtures.minutes(1), "x"))
          .isInstanceOf(StepFailedException.class)
          .hasMessageContaining("public.logs has no primary key")
          .hasMessageContaining("PostgreSQL 13 cannot scan ctid ranges");
      assertThat(engine.engine().status(id).state()).isEqualTo(RolloutState.FAILED);
    }
    assertThat(Fixtures.queryLong(db, "SELECT count(*) FROM logs WHERE filled IS NOT NULL"))
        .isZero();
  }

  @Test
  void emptyTableIsDoneAtOnce(TestDatabase db) throws Exception {
    db.execute("CREATE TABLE nothing (id bigint PRIMARY KEY, payload text, filled int)");
    fillsEveryRowOfEmpty(db);
  }

  private void fillsEveryRowOfEmpty(TestDatabase db) throws Exception {
    try (PostgresRolloutEngine engine =
        new PostgresRolloutEngine(Fixtures.connections(db), Fixtures.FAST)) {
      String id =
          engine
              .engine()
              .register(
                  Fixtures.rollout(
                      db.major(),
                      Fixtures.step(
                          "backfill-1", Phase.BACKFILL, Fixtures.fill("nothing", "filled", "1"))));
      SliceResult r = engine.engine().runBackfillSlice(id, Fixtures.minutes(1), "x");
      assertThat(r.status()).isEqualTo(SliceResult.Status.DONE);
      assertThat(r.rowsUpdated()).isZero();
    }
  }
}
