package dev.migrationbot.postgres;

import dev.migrationbot.analyzer.LockClaim;
import dev.migrationbot.analyzer.LockMode;
import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.rollout.engine.StepLocks;
import dev.migrationbot.rollout.plan.AppliedCheck;
import dev.migrationbot.rollout.port.AppliedState;
import dev.migrationbot.rollout.port.Blocker;
import dev.migrationbot.rollout.port.DdlOutcome;
import dev.migrationbot.rollout.port.SchemaChanges;
import dev.migrationbot.rollout.port.TransientFailureException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs schema steps with bounded lock waits and reads the catalog facts that make them idempotent.
 * While an attempt runs, a second session samples {@code pg_blocking_pids} of the attempt's
 * backend, so a lock timeout can name who was in the way.
 */
public final class JdbcSchemaChanges implements SchemaChanges, AutoCloseable {

  private static final Pattern TYPE_MODIFIER = Pattern.compile("\\(.*\\)");

  private static final String BLOCKERS =
      "SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.state, ''),"
          + " extract(epoch FROM now() - a.xact_start), a.query"
          + " FROM pg_stat_activity a WHERE a.pid = ANY (pg_blocking_pids(?))";

  private final ConnectionFactory connections;
  private final Session catalog;
  private final Session watch;
  private final ScheduledExecutorService sampler;
  private int major;

  public JdbcSchemaChanges(ConnectionFactory connections) {
    this.connections = connections;
    this.catalog = new Session(connections, "migration-bot/catalog");
    this.watch = new Session(connections, "migration-bot/lock-watch");
    this.sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "migration-bot-lock-watch");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public int serverMajor() {
    if (major == 0) {
      try (Statement s = catalog.get().createStatement();
          ResultSet rs = s.executeQuery("SHOW server_version_num")) {
        rs.next();
        major = Integer.parseInt(rs.getString(1)) / 10_000;
      } catch (SQLException e) {
        throw Failures.of("read the server version", e, catalog);
      }
    }
    return major;
  }

  @Override
  public AppliedState applied(AppliedCheck check) {
    try {
      return appliedState(catalog.get(), check);
    } catch (SQLException e) {
      throw Failures.of("read the catalog for " + check, e, catalog);
    }
  }

  private static AppliedState appliedState(Connection c, AppliedCheck check) throws SQLException {
    if (check instanceof AppliedCheck.ColumnExists column) {
      Optional<String> type = columnType(c, column.table(), column.column());
      if (type.isEmpty()) {
        return new AppliedState.NotApplied();
      }
      if (column.type() == null || sameType(c, type.get(), column.type())) {
        return new AppliedState.Applied();
      }
      return new AppliedState.Conflict(
          "column "
              + column.table()
              + "."
              + column.column()
              + " exists with type "
              + type.get()
              + ", but the step adds it as "
              + column.type()
              + ": something else created it first. Drop or rename that column, or change the"
              + " migration, then retry the rollout");
    }
    if (check instanceof AppliedCheck.ColumnAbsent column) {
      return applied(columnType(c, column.table(), column.column()).isEmpty());
    }
    if (check instanceof AppliedCheck.IndexValid index) {
      Optional<Boolean> valid = indexValid(c, index.index());
      if (valid.isEmpty()) {
        return new AppliedState.NotApplied();
      }
      return valid.get()
          ? new AppliedState.Applied()
          : new AppliedState.InvalidIndex(index.index());
    }
    if (check instanceof AppliedCheck.IndexAbsent index) {
      return applied(!relationExists(c, index.index()));
    }
    if (check instanceof AppliedCheck.ConstraintExists constraint) {
      Optional<Boolean> validated =
          constraintValidated(c, constraint.table(), constraint.constraint());
      return applied(validated.isPresent() && (validated.get() || !constraint.validated()));
    }
    if (check instanceof AppliedCheck.ConstraintAbsent constraint) {
      return applied(constraintValidated(c, constraint.table(), constraint.constraint()).isEmpty());
    }
    if (check instanceof AppliedCheck.TableExists table) {
      return applied(relationExists(c, table.table()));
    }
    return applied(!relationExists(c, ((AppliedCheck.TableAbsent) check).table()));
  }

  private static AppliedState applied(boolean applied) {
    return applied ? new AppliedState.Applied() : new AppliedState.NotApplied();
  }

  private static Optional<String> columnType(Connection c, QualifiedName table, String column)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                + " WHERE a.attrelid = to_regclass(format('%I.%I', ?, ?)) AND a.attname = ?"
                + " AND a.attnum > 0 AND NOT a.attisdropped")) {
      s.setString(1, table.schema());
      s.setString(2, table.name());
      s.setString(3, column);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * The same type, however it is spelled: {@code int} and {@code integer}, {@code varchar(20)} and
   * {@code character varying(20)}. A different modifier is a different type.
   */
  private static boolean sameType(Connection c, String existing, String expected)
      throws SQLException {
    if (normalize(existing).equals(normalize(expected))) {
      return true;
    }
    Matcher existingModifier = TYPE_MODIFIER.matcher(existing);
    Matcher expectedModifier = TYPE_MODIFIER.matcher(expected);
    String a = existingModifier.find() ? normalize(existingModifier.group()) : "";
    String b = expectedModifier.find() ? normalize(expectedModifier.group()) : "";
    if (!a.equals(b)) {
      return false;
    }
    try (PreparedStatement s =
        c.prepareStatement("SELECT to_regtype(?) IS NOT NULL AND to_regtype(?) = to_regtype(?)")) {
      s.setString(1, expected);
      s.setString(2, expected);
      s.setString(3, TYPE_MODIFIER.matcher(existing).replaceAll(""));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    } catch (SQLException e) {
      return false;
    }
  }

  private static String normalize(String type) {
    return type.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replace(" (", "(").strip();
  }

  private static Optional<Boolean> indexValid(Connection c, QualifiedName index)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT i.indisvalid FROM pg_index i"
                + " WHERE i.indexrelid = to_regclass(format('%I.%I', ?, ?))")) {
      s.setString(1, index.schema());
      s.setString(2, index.name());
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getBoolean(1)) : Optional.empty();
      }
    }
  }

  private static boolean relationExists(Connection c, QualifiedName relation) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT to_regclass(format('%I.%I', ?, ?)) IS NOT NULL")) {
      s.setString(1, relation.schema());
      s.setString(2, relation.name());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static Optional<Boolean> constraintValidated(
      Connection c, QualifiedName table, String constraint) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT convalidated FROM pg_constraint"
                + " WHERE conrelid = to_regclass(format('%I.%I', ?, ?)) AND conname = ?")) {
      s.setString(1, table.schema());
      s.setString(2, table.name());
      s.setString(3, constraint);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getBoolean(1)) : Optional.empty();
      }
    }
  }

  @Override
  public List<Blocker> longConflictingTransactions(List<LockClaim> needed, Duration olderThan) {
    try {
      return conflictingHolders(catalog.get(), needed, olderThan);
    } catch (SQLException e) {
      throw Failures.of("look for transactions holding conflicting locks", e, catalog);
    }
  }

  private static List<Blocker> conflictingHolders(
      Connection c, List<LockClaim> needed, Duration olderThan) throws SQLException {
    Map<Integer, Blocker> found = new LinkedHashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT l.mode, a.pid, coalesce(a.application_name, ''), coalesce(a.state, ''),"
                + " extract(epoch FROM now() - a.xact_start), a.query"
                + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_backend_pid()"
                + " AND l.database = (SELECT oid FROM pg_database WHERE datname ="
                + " current_database())"
                + " AND l.relation = to_regclass(format('%I.%I', ?, ?))"
                + " AND a.xact_start <= now() - make_interval(secs => ?)"
                + " ORDER BY a.xact_start")) {
      for (LockClaim claim : needed) {
        s.setString(1, claim.relation().schema());
        s.setString(2, claim.relation().name());
        s.setDouble(3, olderThan.toNanos() / 1e9);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            String mode = rs.getString(1);
            if (!LockMode.parse(mode).conflictsWith(claim.mode())) {
              continue;
            }
            found.putIfAbsent(rs.getInt(2), blocker(rs, 2, Optional.of(mode)));
          }
        }
      }
    }
    return List.copyOf(found.values());
  }

  /** Reads pid, application_name, state, transaction age (s) and query from {@code first} on. */
  private static Blocker blocker(ResultSet rs, int first, Optional<String> mode)
      throws SQLException {
    double age = rs.getDouble(first + 3);
    boolean noAge = rs.wasNull();
    return new Blocker(
        rs.getInt(first),
        rs.getString(first + 1),
        rs.getString(first + 2),
        noAge ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(age * 1000))),
        mode,
        QueryFingerprint.of(rs.getString(first + 4)));
  }

  @Override
  public DdlOutcome execute(
      List<String> statements,
      boolean transactional,
      Duration lockTimeout,
      Duration statementTimeout,
      String label) {
    if (!transactional && statements.size() != 1) {
      throw new IllegalArgumentException(
          "a non-transactional step runs exactly one statement, got " + statements.size());
    }
    Connection c;
    try {
      c = connections.open("migration-bot/" + label);
    } catch (SQLException e) {
      throw new TransientFailureException(
          "cannot connect to the target database to run " + label + ": " + e.getMessage(), e);
    }
    try (c) {
      int pid = backendPid(c);
      BlockerWatch blockers = new BlockerWatch(pid, lockTimeout);
      List<String> notices = new ArrayList<>();
      try {
        if (transactional) {
          c.setAutoCommit(false);
          try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL lock_timeout = " + millis(lockTimeout));
            s.execute("SET LOCAL statement_timeout = " + millis(statementTimeout));
            for (String sql : statements) {
              s.execute(sql);
              notices.addAll(messages(s.getWarnings()));
              s.clearWarnings();
            }
          }
          c.commit();
        } else {
          c.setAutoCommit(true);
          try (Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = " + millis(lockTimeout));
            s.execute("SET statement_timeout = " + millis(statementTimeout));
            try {
              s.execute(statements.get(0));
              notices.addAll(messages(s.getWarnings()));
            } finally {
              s.execute("RESET lock_timeout");
              s.execute("RESET statement_timeout");
            }
          }
        }
        return new DdlOutcome.Done(notices);
      } catch (SQLException e) {
        String state = SqlStates.of(e);
        rollbackQuietly(c);
        List<Blocker> seen = blockers.stop();
        if (state.equals(SqlStates.LOCK_NOT_AVAILABLE) || state.equals(SqlStates.DEADLOCK)) {
          if (seen.isEmpty()) {
            seen = holdersNow(statements);
          }
          return new DdlOutcome.LockNotAvailable(state, e.getMessage(), seen);
        }
        if (SqlStates.connectionLost(state)) {
          throw new TransientFailureException(
              "lost the connection while running " + label + ": " + e.getMessage(), e);
        }
        return new DdlOutcome.Failed(state, e.getMessage());
      } finally {
        blockers.stop();
      }
    } catch (SQLException e) {
      throw new TransientFailureException(
          "lost the connection while running " + label + ": " + e.getMessage(), e);
    }
  }

  @Override
  public DdlOutcome dropIndexConcurrently(QualifiedName index, Duration lockTimeout, String label) {
    return execute(
        List.of("DROP INDEX CONCURRENTLY IF EXISTS " + index.sql()),
        false,
        lockTimeout,
        Duration.ZERO,
        label);
  }

  /** When the sampler saw nobody in time: whoever holds a conflicting lock right now. */
  private List<Blocker> holdersNow(List<String> statements) {
    try {
      return conflictingHolders(
          catalog.get(), StepLocks.of(statements, serverMajor()), Duration.ZERO);
    } catch (SQLException | RuntimeException e) {
      return List.of();
    }
  }

  private static int backendPid(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static String millis(Duration d) {
    return "'" + d.toMillis() + "ms'";
  }

  private static List<String> messages(SQLWarning warning) {
    List<String> messages = new ArrayList<>();
    for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
      messages.add(w.getMessage());
    }
    return messages;
  }

  private static void rollbackQuietly(Connection c) {
    try {
      if (!c.isClosed() && !c.getAutoCommit()) {
        c.rollback();
      }
    } catch (SQLException ignored) {
      // the statement's own failure is the one to report
    }
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    catalog.close();
    watch.close();
  }

  /** Samples the blockers of one backend until stopped. */
  private final class BlockerWatch {
    private final int pid;
    private final Map<Integer, Blocker> seen = new LinkedHashMap<>();
    private final ScheduledFuture<?> task;
    private boolean stopped;

    BlockerWatch(int pid, Duration lockTimeout) {
      this.pid = pid;
      long every = Math.max(20, lockTimeout.toMillis() / 5);
      this.task = sampler.scheduleWithFixedDelay(this::sample, every, every, TimeUnit.MILLISECONDS);
    }

    private synchronized void sample() {
      if (stopped) {
        return;
      }
      try (PreparedStatement s = watch.get().prepareStatement(BLOCKERS)) {
        s.setInt(1, pid);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            seen.put(rs.getInt(1), blocker(rs, 1, Optional.empty()));
          }
        }
      } catch (SQLException | RuntimeException e) {
        watch.discard();
      }
    }

    synchronized List<Blocker> stop() {
      stopped = true;
      task.cancel(false);
      return List.copyOf(seen.values());
    }
  }
}
