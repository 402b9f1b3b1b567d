package dev.migrationbot.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.rollout.backfill.CandidateKey;
import dev.migrationbot.rollout.backfill.ControllerConfig;
import dev.migrationbot.rollout.backfill.ControllerState;
import dev.migrationbot.rollout.backfill.KeyChoice;
import dev.migrationbot.rollout.backfill.KeyColumn;
import dev.migrationbot.rollout.plan.BackfillSpec;
import dev.migrationbot.rollout.port.BackfillJob;
import dev.migrationbot.rollout.port.BackfillJobs;
import dev.migrationbot.rollout.port.BatchOutcome;
import dev.migrationbot.rollout.port.BatchRequest;
import dev.migrationbot.rollout.port.JobKey;
import dev.migrationbot.rollout.port.JobStatus;
import dev.migrationbot.rollout.port.JobTransition;
import dev.migrationbot.rollout.port.LeaseResult;
import dev.migrationbot.rollout.port.StepFailedException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Backfill jobs in {@code migration_bot.backfill_jobs} and their batches on the target table. The
 * cursor and counters move in the same transaction as the rows they describe, under the job row's
 * lock and the caller's fence, so a batch is counted exactly when it commits and two invocations
 * can never both make progress.
 */
public final class JdbcBackfillJobs implements BackfillJobs, AutoCloseable {

  /** Runs between a batch's last statement and its commit; tests use it to simulate crashes. */
  @FunctionalInterface
  interface BatchHook {
    void beforeCommit(long jobId, Connection connection) throws SQLException;

    BatchHook NONE = (jobId, connection) -> {};
  }

  private static final String COLUMNS =
      "id, rollout_id, step_id, round, table_schema, table_name, spec::text, strategy, key_index,"
          + " key_columns, key_types, cursor::text, upper_bound::text, estimated_total,"
          + " rows_scanned, rows_updated, batches, controller::text, status, hold_until,"
          + " hold_reason, lease_owner, lease_until, fence, pause_requested, cancel_requested,"
          + " last_error, failed_key, baseline_active_backends, created_at, finished_at";

  private static final String BLOCKED_BY_ME =
      "SELECT count(*), coalesce(extract(epoch FROM max(clock_timestamp() - a.query_start)), 0)"
          + " FROM pg_stat_activity a WHERE a.wait_event_type = 'Lock'"
          + " AND a.pid <> pg_backend_pid() AND pg_backend_pid() = ANY (pg_blocking_pids(a.pid))";

  private final Session control;
  private final Session batches;
  private final BatchHook hook;
  private final Map<Long, Shape> shapes = new HashMap<>();
  private boolean schemaReady;

  public JdbcBackfillJobs(ConnectionFactory connections) {
    this(connections, BatchHook.NONE);
  }

  JdbcBackfillJobs(ConnectionFactory connections, BatchHook hook) {
    this.control = new Session(connections, "migration-bot/backfill-control");
    this.batches = new Session(connections, "migration-bot/backfill");
    this.hook = hook;
  }

  /** What a job's batches need, read once per job. */
  private record Shape(
      JobKey key,
      QualifiedName table,
      BackfillSpec spec,
      KeyChoice walk,
      BatchSql sql,
      Optional<List<String>> upper) {}

  private Connection control() {
    if (!schemaReady) {
      StateSchema.ensure(control);
      schemaReady = true;
    }
    return control.get();
  }

  // ---------------------------------------------------------------- jobs

  @Override
  public BackfillJob open(
      JobKey key, BackfillSpec spec, ControllerConfig rows, ControllerConfig pages) {
    Optional<BackfillJob> existing = find(key);
    if (existing.isPresent()) {
      return existing.get();
    }
    Connection c = control();
    QualifiedName table = spec.table();
    try {
      long oid = tableOid(c, table, key);
      int major = major(c);
      KeyChoice walk = KeyChoice.choose(table, candidates(c, oid), major);
      if (walk instanceof KeyChoice.Refused refused) {
        throw new StepFailedException(key.rolloutId(), key.stepId(), refused.message());
      }
      List<KeyColumn> keyColumns = keyColumns(walk);
      BatchSql sql = new BatchSql(tableSql(table), keyColumns, spec);
      Optional<List<String>> upper;
      long estimate;
      if (walk instanceof KeyChoice.CtidRanges) {
        long blocks = blocks(c, oid);
        upper = blocks == 0 ? Optional.empty() : Optional.of(List.of(Long.toString(blocks)));
        estimate = blocks;
      } else {
        upper = lastKey(c, sql);
        estimate = estimatedRows(c, oid);
      }
      ControllerConfig config = walk instanceof KeyChoice.CtidRanges ? pages : rows;
      ControllerState initial = ControllerState.initial(config);
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO migration_bot.backfill_jobs (rollout_id, step_id, round, table_schema,"
                  + " table_name, table_oid, spec, strategy, key_index, key_columns, key_types,"
                  + " upper_bound, estimated_total, batch_size, controller,"
                  + " baseline_active_backends, status, finished_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?,"
                  + " ?, CASE WHEN ? THEN now() END)"
                  + " ON CONFLICT (rollout_id, step_id, round) DO NOTHING")) {
        s.setString(1, key.rolloutId());
        s.setString(2, key.stepId());
        s.setInt(3, key.round());
        s.setString(4, table.schema());
        s.setString(5, table.name());
        s.setLong(6, oid);
        s.setString(7, PlanJson.writeSpec(spec));
        s.setString(8, walk instanceof KeyChoice.CtidRanges ? "ctid" : "keyset");
        s.setString(9, walk instanceof KeyChoice.Keyset keyset ? keyset.index() : null);
        s.setArray(10, c.createArrayOf("text", keyColumns.stream().map(KeyColumn::name).toArray()));
        s.setArray(11, c.createArrayOf("text", keyColumns.stream().map(KeyColumn::type).toArray()));
        s.setString(12, upper.map(JdbcBackfillJobs::json).orElse(null));
        s.setLong(13, estimate);
        s.setInt(14, initial.size());
        s.setString(15, controllerJson(initial));
        s.setInt(16, JdbcHealthProbe.activeBackends(c));
        s.setString(17, upper.isEmpty() ? "done" : "pending");
        s.setBoolean(18, upper.isEmpty());
        s.executeUpdate();
      }
    } catch (SQLException e) {
      throw Failures.of("create the backfill job " + key.label() + " on " + table, e, control);
    }
    return find(key).orElseThrow();
  }

  private static long tableOid(Connection c, QualifiedName table, JobKey key) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT to_regclass(format('%I.%I', ?, ?))::oid")) {
      s.setString(1, table.schema());
      s.setString(2, table.name());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        long oid = rs.getLong(1);
        if (rs.wasNull()) {
          throw new StepFailedException(
              key.rolloutId(),
              key.stepId(),
              "table " + table + " does not exist, so it cannot be backfilled");
        }
        return oid;
      }
    }
  }

  private static int major(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version_num")) {
      rs.next();
      return Integer.parseInt(rs.getString(1)) / 10_000;
    }
  }

  /** Valid, non-partial btree unique indexes on plain columns that are all NOT NULL. */
  private static List<CandidateKey> candidates(Connection c, long oid) throws SQLException {
    List<CandidateKey> keys = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT ic.relname, i.indisprimary,"
                + " array_agg(a.attname::text ORDER BY k.ord),"
                + " array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY k.ord)"
                + " FROM pg_index i"
                + " JOIN pg_class ic ON ic.oid = i.indexrelid"
                + " JOIN pg_am am ON am.oid = ic.relam AND am.amname = 'btree'"
                + " CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE i.indrelid = ? AND i.indisunique AND i.indisvalid AND i.indimmediate"
                + " AND i.indpred IS NULL AND i.indexprs IS NULL AND k.ord <= i.indnkeyatts"
                + " GROUP BY ic.relname, i.indisprimary"
                + " HAVING bool_and(a.attnotnull)")) {
      s.setLong(1, oid);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String[] names = (String[]) rs.getArray(3).getArray();
          String[] types = (String[]) rs.getArray(4).getArray();
          List<KeyColumn> columns = new ArrayList<>();
          for (int i = 0; i < names.length; i++) {
            columns.add(new KeyColumn(names[i], types[i]));
          }
          keys.add(new CandidateKey(rs.getString(1), rs.getBoolean(2), columns));
        }
      }
    }
    return keys;
  }

  private static List<KeyColumn> keyColumns(KeyChoice walk) {
    return walk instanceof KeyChoice.Keyset keyset
        ? keyset.columns()
        : List.of(new KeyColumn("ctid", "tid"));
  }

  private static long blocks(Connection c, long oid) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT pg_relation_size(?::oid) / current_setting('block_size')::bigint")) {
      s.setLong(1, oid);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static Optional<List<String>> lastKey(Connection c, BatchSql sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql.lastKey())) {
      if (!rs.next()) {
        return Optional.empty();
      }
      List<String> values = new ArrayList<>();
      for (int i = 1; i <= sql.keyWidth(); i++) {
        values.add(rs.getString(i));
      }
      return Optional.of(values);
    }
  }

  private static long estimatedRows(Connection c, long oid) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT greatest(c.reltuples::bigint, coalesce(st.n_live_tup, 0))"
                + " FROM pg_class c LEFT JOIN pg_stat_user_tables st ON st.relid = c.oid"
                + " WHERE c.oid = ?")) {
      s.setLong(1, oid);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return Math.max(0, rs.getLong(1));
      }
    }
  }

  @Override
  public Optional<BackfillJob> find(JobKey key) {
    return query(
            "WHERE rollout_id = ? AND step_id = ? AND round = ?",
            key.rolloutId(),
            key.stepId(),
            key.round())
        .stream()
        .findFirst();
  }

  @Override
  public List<BackfillJob> ofRollout(String rolloutId) {
    return query("WHERE rollout_id = ? ORDER BY id", rolloutId);
  }

  private Optional<BackfillJob> byId(long id) {
    return query("WHERE id = ?", id).stream().findFirst();
  }

  private List<BackfillJob> query(String where, Object... parameters) {
    Connection c = control();
    try (PreparedStatement s =
        c.prepareStatement("SELECT " + COLUMNS + " FROM migration_bot.backfill_jobs " + where)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      List<BackfillJob> jobs = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          jobs.add(job(rs));
        }
      }
      return jobs;
    } catch (SQLException e) {
      throw Failures.of("read backfill jobs", e, control);
    }
  }

  private static BackfillJob job(ResultSet rs) throws SQLException {
    String[] names = strings(rs.getArray("key_columns"));
    String[] types = strings(rs.getArray("key_types"));
    KeyChoice walk;
    if (rs.getString("strategy").equals("ctid")) {
      walk = new KeyChoice.CtidRanges();
    } else {
      List<KeyColumn> columns = new ArrayList<>();
      for (int i = 0; i < names.length; i++) {
        columns.add(new KeyColumn(names[i], types[i]));
      }
      walk = new KeyChoice.Keyset(rs.getString("key_index"), columns);
    }
    long estimate = rs.getLong("estimated_total");
    boolean noEstimate = rs.wasNull() || estimate <= 0;
    return new BackfillJob(
        rs.getLong("id"),
        new JobKey(rs.getString("rollout_id"), rs.getString("step_id"), rs.getInt("round")),
        new QualifiedName(rs.getString("table_schema"), rs.getString("table_name")),
        PlanJson.readSpec(rs.getString("spec")),
        walk,
        values(rs.getString("cursor")),
        values(rs.getString("upper_bound")),
        noEstimate ? Optional.empty() : Optional.of(estimate),
        rs.getLong("rows_scanned"),
        rs.getLong("rows_updated"),
        rs.getLong("batches"),
        controller(rs.getString("controller")),
        JobStatus.fromDb(rs.getString("status")),
        instant(rs.getTimestamp("hold_until")),
        Optional.ofNullable(rs.getString("hold_reason")),
        Optional.ofNullable(rs.getString("lease_owner")),
        instant(rs.getTimestamp("lease_until")),
        rs.getLong("fence"),
        rs.getBoolean("pause_requested"),
        rs.getBoolean("cancel_requested"),
        Optional.ofNullable(rs.getString("last_error")),
        Optional.ofNullable(rs.getString("failed_key")),
        rs.getInt("baseline_active_backends"),
        rs.getTimestamp("created_at").toInstant(),
        instant(rs.getTimestamp("finished_at")));
  }

  // ---------------------------------------------------------------- lease

  @Override
  public LeaseResult acquire(long jobId, String owner, Duration ttl) {
    control.recheck();
    Connection c = control();
    try {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        // A running batch holds the job row for at most its statement timeout.
        s.execute("SET LOCAL lock_timeout = '10s'");
      }
      BackfillJob before;
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT "
                  + COLUMNS
                  + ", (lease_until IS NULL OR lease_until < now() OR lease_owner = ?) AS lease_free"
                  + " FROM migration_bot.backfill_jobs WHERE id = ? FOR UPDATE")) {
        s.setString(1, owner);
        s.setLong(2, jobId);
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalStateException("backfill job " + jobId + " does not exist");
          }
          before = job(rs);
          if (!rs.getBoolean("lease_free")) {
            c.rollback();
            return new LeaseResult.Busy(
                before.leaseOwner().orElse("?"), before.leaseUntil().orElseThrow());
          }
        }
      }
      long fence;
      try (PreparedStatement s =
          c.prepareStatement(
              "UPDATE migration_bot.backfill_jobs SET lease_owner = ?,"
                  + " lease_until = now() + make_interval(secs => ?), fence = fence + 1,"
                  + " status = CASE WHEN status IN ('pending', 'holding') THEN 'running'"
                  + " ELSE status END,"
                  + " started_at = coalesce(started_at, now()), updated_at = now()"
                  + " WHERE id = ? RETURNING fence")) {
        s.setString(1, owner);
        s.setDouble(2, ttl.toMillis() / 1000.0);
        s.setLong(3, jobId);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          fence = rs.getLong(1);
        }
      }
      c.commit();
      c.setAutoCommit(true);
      return new LeaseResult.Acquired(before, fence);
    } catch (SQLException e) {
      rollbackQuietly(c);
      if (SqlStates.of(e).equals(SqlStates.LOCK_NOT_AVAILABLE)) {
        return new LeaseResult.Busy("a running batch", java.time.Instant.now().plusSeconds(1));
      }
      throw Failures.of("take the lease of backfill job " + jobId, e, control);
    }
  }

  @Override
  public void release(long jobId, long fence, JobTransition t) {
    Connection c = control();
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE migration_bot.backfill_jobs SET lease_owner = NULL, lease_until = NULL,"
                + " status = CASE WHEN status = 'done' THEN status ELSE ? END,"
                + " hold_until = ?, hold_reason = ?, controller = ?::jsonb, batch_size = ?,"
                + " last_error = coalesce(?, last_error), failed_key = coalesce(?, failed_key),"
                + " finished_at = CASE WHEN ? THEN coalesce(finished_at, now()) END,"
                + " updated_at = now() WHERE id = ? AND fence = ?")) {
      s.setString(1, t.status().dbName());
      s.setTimestamp(2, t.holdUntil().map(Timestamp::from).orElse(null));
      s.setString(3, t.reason().orElse(null));
      s.setString(4, controllerJson(t.controller()));
      s.setInt(5, t.controller().size());
      s.setString(6, t.error().orElse(null));
      s.setString(7, t.failedKey().orElse(null));
      s.setBoolean(8, t.status().terminal());
      s.setLong(9, jobId);
      s.setLong(10, fence);
      s.executeUpdate();
    } catch (SQLException e) {
      throw Failures.of("release backfill job " + jobId, e, control);
    }
  }

  @Override
  public void requestPause(String rolloutId, boolean pause) {
    update(
        "UPDATE migration_bot.backfill_jobs SET pause_requested = ?, updated_at = now()"
            + " WHERE rollout_id = ? AND status NOT IN ('done', 'failed', 'cancelled')",
        pause,
        rolloutId);
  }

  @Override
  public void requestCancel(String rolloutId) {
    update(
        "UPDATE migration_bot.backfill_jobs SET cancel_requested = true,"
            + " status = CASE WHEN lease_until IS NULL OR lease_until < now() THEN 'cancelled'"
            + " ELSE status END, updated_at = now()"
            + " WHERE rollout_id = ? AND status NOT IN ('done', 'failed', 'cancelled')",
        rolloutId);
  }

  @Override
  public void resetFailed(String rolloutId) {
    update(
        "UPDATE migration_bot.backfill_jobs SET status = 'pending', failed_key = NULL,"
            + " updated_at = now() WHERE rollout_id = ? AND status = 'failed'",
        rolloutId);
  }

  private void update(String sql, Object... parameters) {
    Connection c = control();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      s.executeUpdate();
    } catch (SQLException e) {
      throw Failures.of("update backfill jobs", e, control);
    }
  }

  // ---------------------------------------------------------------- batches

  @Override
  public BatchOutcome runBatch(BatchRequest request) {
    Shape shape = shape(request.jobId());
    long started = System.nanoTime();
    try {
      batches.rename("migration-bot/backfill/" + request.jobId());
    } catch (SQLException e) {
      batches.discard();
    }
    Connection c = batches.get();
    Optional<List<String>> cursor = Optional.empty();
    Optional<List<String>> next = Optional.empty();
    try {
      c.setAutoCommit(false);
      setLocalTimeouts(c, request);
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT cursor::text, pause_requested, cancel_requested"
                  + " FROM migration_bot.backfill_jobs WHERE id = ? AND fence = ? FOR UPDATE")) {
        s.setLong(1, request.jobId());
        s.setLong(2, request.fence());
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            c.rollback();
            c.setAutoCommit(true);
            return new BatchOutcome.LeaseLost();
          }
          cursor = values(rs.getString(1));
          if (rs.getBoolean(3) || rs.getBoolean(2)) {
            boolean cancel = rs.getBoolean(3);
            c.rollback();
            c.setAutoCommit(true);
            return new BatchOutcome.Interrupted(cancel);
          }
        }
      }
      long scanned;
      long updated;
      boolean finished;
      if (shape.walk() instanceof KeyChoice.CtidRanges) {
        long from = cursor.map(v -> Long.parseLong(v.get(0))).orElse(0L);
        long upper = Long.parseLong(shape.upper().orElseThrow().get(0));
        long to = Math.min(upper, from + request.size());
        try (PreparedStatement s = c.prepareStatement(shape.sql().blocks())) {
          s.setString(1, "(" + from + ",0)");
          s.setString(2, "(" + to + ",0)");
          updated = s.executeUpdate();
        }
        scanned = to - from;
        finished = to >= upper;
        next = Optional.of(List.of(Long.toString(to)));
      } else {
        List<String> upper = shape.upper().orElseThrow();
        Probe probe = probe(c, shape.sql(), cursor, upper, request.size());
        scanned = probe.count();
        next = Optional.of(probe.last().orElse(upper));
        finished = probe.count() < request.size() || next.get().equals(upper);
        updated = probe.count() == 0 ? 0 : updateRange(c, shape.sql(), cursor, next.get());
      }
      Blocked blocked = blockedByMe(c);
      try (PreparedStatement s =
          c.prepareStatement(
              "UPDATE migration_bot.backfill_jobs SET cursor = ?::jsonb,"
                  + " rows_scanned = rows_scanned + ?, rows_updated = rows_updated + ?,"
                  + " batches = batches + 1, batch_size = ?, controller = ?::jsonb,"
                  + " lease_until = now() + make_interval(secs => ?),"
                  + " status = CASE WHEN ? THEN 'done' ELSE 'running' END,"
                  + " finished_at = CASE WHEN ? THEN now() END,"
                  + " hold_until = NULL, hold_reason = NULL, updated_at = now()"
                  + " WHERE id = ?")) {
        s.setString(1, json(next.get()));
        s.setLong(2, scanned);
        s.setLong(3, updated);
        s.setInt(4, request.size());
        s.setString(5, controllerJson(request.controller()));
        s.setDouble(6, request.leaseTtl().toMillis() / 1000.0);
        s.setBoolean(7, finished);
        s.setBoolean(8, finished);
        s.setLong(9, request.jobId());
        s.executeUpdate();
      }
      hook.beforeCommit(request.jobId(), c);
      c.commit();
      c.setAutoCommit(true);
      return new BatchOutcome.Committed(
          next.get(),
          scanned,
          updated,
          elapsed(started),
          finished,
          blocked.sessions(),
          blocked.longest());
    } catch (SQLException e) {
      rollbackQuietly(c);
      String state = SqlStates.of(e);
      Duration took = elapsed(started);
      if (SqlStates.connectionLost(state) || isClosed(c)) {
        batches.discard();
        return new BatchOutcome.Retryable(state, e.getMessage(), false, true, took);
      }
      if (SqlStates.retryable(state)) {
        return new BatchOutcome.Retryable(
            state, e.getMessage(), SqlStates.timeout(state), false, took);
      }
      if (SqlStates.dataError(state) && next.isPresent()) {
        return narrow(c, shape, request, cursor, next.get(), e);
      }
      throw new StepFailedException(
          shape.key().rolloutId(),
          shape.key().stepId(),
          "a batch of the backfill of "
              + shape.table()
              + " failed ("
              + state
              + ": "
              + e.getMessage()
              + "); the table or the expression does not match the plan any more. Check the"
              + " migration against the table, then retry the rollout");
    }
  }

  private static void setLocalTimeouts(Connection c, BatchRequest request) throws SQLException {
    long statement = request.statementTimeout().toMillis();
    try (Statement s = c.createStatement()) {
      s.execute(
          "SET LOCAL lock_timeout = '"
              + request.lockTimeout().toMillis()
              + "ms'; SET LOCAL statement_timeout = '"
              + statement
              + "ms'; SET LOCAL idle_in_transaction_session_timeout = '"
              + Math.max(10_000, 2 * statement)
              + "ms'");
    }
  }

  private record Probe(long count, Optional<List<String>> last) {}

  private static Probe probe(
      Connection c, BatchSql sql, Optional<List<String>> cursor, List<String> upper, int size)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql.probe(cursor.isEmpty()))) {
      int i = bind(s, 1, cursor);
      i = bind(s, i, Optional.of(upper));
      s.setInt(i, size);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return new Probe(0, Optional.empty());
        }
        List<String> last = new ArrayList<>();
        for (int k = 1; k <= sql.keyWidth(); k++) {
          last.add(rs.getString(k));
        }
        return new Probe(rs.getLong(sql.keyWidth() + 1), Optional.of(last));
      }
    }
  }

  private static long updateRange(
      Connection c, BatchSql sql, Optional<List<String>> from, List<String> to)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql.update(from.isEmpty()))) {
      int i = bind(s, 1, from);
      bind(s, i, Optional.of(to));
      return s.executeUpdate();
    }
  }

  private static int bind(PreparedStatement s, int first, Optional<List<String>> values)
      throws SQLException {
    int i = first;
    if (values.isPresent()) {
      for (String v : values.get()) {
        s.setString(i++, v);
      }
    }
    return i;
  }

  private record Blocked(int sessions, Duration longest) {}

  private static Blocked blockedByMe(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(BLOCKED_BY_ME)) {
      rs.next();
      return new Blocked(rs.getInt(1), Duration.ofMillis(Math.round(rs.getDouble(2) * 1000)));
    }
  }

  /**
   * A batch failed on its data: bisect its range, each half tried under a savepoint and rolled
   * back, down to the one row that fails, and report that row's key. Nothing is changed.
   */
  private BatchOutcome narrow(
      Connection c,
      Shape shape,
      BatchRequest request,
      Optional<List<String>> cursor,
      List<String> next,
      SQLException original) {
    BatchSql sql =
        shape.walk() instanceof KeyChoice.CtidRanges
            ? new BatchSql(
                tableSql(shape.table()), List.of(new KeyColumn("ctid", "tid")), shape.spec())
            : shape.sql();
    Optional<List<String>> from = cursor;
    List<String> to = next;
    if (shape.walk() instanceof KeyChoice.CtidRanges) {
      long first = cursor.map(v -> Long.parseLong(v.get(0))).orElse(0L);
      long end = Long.parseLong(next.get(0));
      from = first == 0 ? Optional.empty() : Optional.of(List.of("(" + (first - 1) + ",65535)"));
      to = List.of("(" + (end - 1) + ",65535)");
    }
    try {
      c.setAutoCommit(false);
      setLocalTimeouts(c, request);
      List<List<String>> keys = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(sql.keysOf(from.isEmpty()))) {
        int i = bind(s, 1, from);
        bind(s, i, Optional.of(to));
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            List<String> key = new ArrayList<>();
            for (int k = 1; k <= sql.keyWidth(); k++) {
              key.add(rs.getString(k));
            }
            keys.add(key);
          }
        }
      }
      int lo = 0;
      int hi = keys.size() - 1;
      SQLException failure = original;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        Optional<SQLException> e =
            tryRange(c, sql, lo == 0 ? from : Optional.of(keys.get(lo - 1)), keys.get(mid));
        if (e.isPresent()) {
          hi = mid;
          failure = e.get();
        } else {
          lo = mid + 1;
        }
      }
      Optional<SQLException> single =
          keys.isEmpty()
              ? Optional.empty()
              : tryRange(c, sql, lo == 0 ? from : Optional.of(keys.get(lo - 1)), keys.get(lo));
      c.rollback();
      c.setAutoCommit(true);
      if (single.isEmpty()) {
        return new BatchOutcome.Retryable(
            SqlStates.of(original), original.getMessage(), false, false, Duration.ZERO);
      }
      failure = single.get();
      return new BatchOutcome.DataError(
          SqlStates.of(failure), failure.getMessage(), sql.describe(keys.get(lo)));
    } catch (SQLException e) {
      rollbackQuietly(c);
      boolean lost = SqlStates.connectionLost(SqlStates.of(e));
      if (lost) {
        batches.discard();
      }
      return new BatchOutcome.Retryable(
          SqlStates.of(e), e.getMessage(), false, lost, Duration.ZERO);
    }
  }

  private static Optional<SQLException> tryRange(
      Connection c, BatchSql sql, Optional<List<String>> from, List<String> to)
      throws SQLException {
    Savepoint savepoint = c.setSavepoint();
    try {
      updateRange(c, sql, from, to);
      c.rollback(savepoint);
      return Optional.empty();
    } catch (SQLException e) {
      if (!SqlStates.dataError(SqlStates.of(e))) {
        throw e;
      }
      c.rollback(savepoint);
      return Optional.of(e);
    }
  }

  private Shape shape(long jobId) {
    Shape shape = shapes.get(jobId);
    if (shape == null) {
      BackfillJob job =
          byId(jobId)
              .orElseThrow(() -> new IllegalStateException("backfill job " + jobId + " is gone"));
      shape =
          new Shape(
              job.key(),
              job.table(),
              job.spec(),
              job.walk(),
              new BatchSql(tableSql(job.table()), keyColumns(job.walk()), job.spec()),
              job.upperBound());
      shapes.put(jobId, shape);
    }
    return shape;
  }

  // ---------------------------------------------------------------- helpers

  private static String tableSql(QualifiedName table) {
    return QualifiedName.of(table.schema(), table.name()).sql();
  }

  static String json(List<String> values) {
    ArrayNode array = PlanJson.MAPPER.createArrayNode();
    values.forEach(array::add);
    return PlanJson.text(array);
  }

  private static Optional<List<String>> values(String json) {
    if (json == null) {
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    PlanJson.tree(json).forEach(n -> values.add(n.asText()));
    return Optional.of(values);
  }

  static String controllerJson(ControllerState state) {
    ObjectNode node = PlanJson.MAPPER.createObjectNode();
    node.put("size", state.size());
    ArrayNode window = node.putArray("windowMicros");
    state.windowMicros().forEach(window::add);
    ArrayNode recent = node.putArray("recentMicros");
    state.recentMicros().forEach(recent::add);
    return PlanJson.text(node);
  }

  static ControllerState controller(String json) {
    JsonNode node = PlanJson.tree(json);
    List<Long> window = new ArrayList<>();
    node.path("windowMicros").forEach(n -> window.add(n.asLong()));
    List<Long> recent = new ArrayList<>();
    node.path("recentMicros").forEach(n -> recent.add(n.asLong()));
    return new ControllerState(node.path("size").asInt(), window, recent);
  }

  private static String[] strings(Array array) throws SQLException {
    return array == null ? new String[0] : (String[]) array.getArray();
  }

  private static Optional<java.time.Instant> instant(Timestamp t) {
    return t == null ? Optional.empty() : Optional.of(t.toInstant());
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  private static boolean isClosed(Connection c) {
    try {
      return c.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      if (!c.isClosed() && !c.getAutoCommit()) {
        c.rollback();
        c.setAutoCommit(true);
      }
    } catch (SQLException ignored) {
      // the batch's own failure decides what happens next
    }
  }

  @Override
  public void close() {
    control.close();
    batches.close();
  }
}
