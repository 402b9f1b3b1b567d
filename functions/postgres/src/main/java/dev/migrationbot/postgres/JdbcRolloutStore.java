package dev.migrationbot.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.migrationbot.analyzer.Phase;
import dev.migrationbot.rollout.plan.PlanStep;
import dev.migrationbot.rollout.port.Event;
import dev.migrationbot.rollout.port.NewRollout;
import dev.migrationbot.rollout.port.RolloutState;
import dev.migrationbot.rollout.port.RolloutStore;
import dev.migrationbot.rollout.port.StepRecord;
import dev.migrationbot.rollout.port.StepStatus;
import dev.migrationbot.rollout.port.StoredRollout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rollouts, steps and events in {@code migration_bot}. */
public final class JdbcRolloutStore implements RolloutStore, AutoCloseable {

  /** The first key of the phase claims' advisory locks: "mb" for migration-bot. */
  private static final int PHASE_LOCK = 0x6d62;

  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private final Session session;
  private boolean schemaReady;

  public JdbcRolloutStore(ConnectionFactory connections) {
    this.session = new Session(connections, "migration-bot/state");
  }

  private Connection connection() {
    if (!schemaReady) {
      StateSchema.ensure(session);
      schemaReady = true;
    }
    return session.get();
  }

  @Override
  public StoredRollout register(NewRollout rollout, Instant at) {
    String id = rollout.id();
    Connection c = connection();
    try {
      c.setAutoCommit(false);
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO migration_bot.rollouts (id, repository, pull_request, merge_sha,"
                  + " fingerprint, pg_major, plan, created_at, updated_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?) ON CONFLICT (id) DO NOTHING")) {
        insert.setString(1, id);
        insert.setString(2, rollout.repository());
        insert.setInt(3, rollout.pullRequest());
        insert.setString(4, rollout.mergeSha());
        insert.setString(5, rollout.fingerprint());
        insert.setInt(6, rollout.plan().pgMajor());
        insert.setString(7, PlanJson.write(rollout.plan()));
        insert.setTimestamp(8, Timestamp.from(at));
        insert.setTimestamp(9, Timestamp.from(at));
        if (insert.executeUpdate() == 1) {
          try (PreparedStatement step =
              c.prepareStatement(
                  "INSERT INTO migration_bot.steps (rollout_id, step_id, position, phase,"
                      + " updated_at) VALUES (?, ?, ?, ?, ?)")) {
            int position = 0;
            for (PlanStep s : rollout.plan().steps()) {
              step.setString(1, id);
              step.setString(2, s.id());
              step.setInt(3, position++);
              step.setString(4, s.phase().displayName());
              step.setTimestamp(5, Timestamp.from(at));
              step.addBatch();
            }
            step.executeBatch();
          }
        }
      }
      c.commit();
      c.setAutoCommit(true);
    } catch (SQLException e) {
      rollbackQuietly(c);
      throw Failures.of("record rollout " + id, e, session);
    }
    return find(id).orElseThrow();
  }

  @Override
  public Optional<StoredRollout> find(String rolloutId) {
    Connection c = connection();
    try {
      StoredRollout rollout;
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT repository, pull_request, merge_sha, fingerprint, plan::text, status,"
                  + " created_at, last_error FROM migration_bot.rollouts WHERE id = ?")) {
        s.setString(1, rolloutId);
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          rollout =
              new StoredRollout(
                  rolloutId,
                  rs.getString(1),
                  rs.getInt(2),
                  rs.getString(3),
                  rs.getString(4),
                  PlanJson.read(rs.getString(5)),
                  RolloutState.fromDb(rs.getString(6)),
                  List.of(),
                  rs.getTimestamp(7).toInstant(),
                  Optional.ofNullable(rs.getString(8)));
        }
      }
      List<StepRecord> steps = new ArrayList<>();
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT step_id, status, attempts, first_attempt_at, finished_at, last_error"
                  + " FROM migration_bot.steps WHERE rollout_id = ? ORDER BY position")) {
        s.setString(1, rolloutId);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            steps.add(
                new StepRecord(
                    rs.getString(1),
                    StepStatus.fromDb(rs.getString(2)),
                    rs.getInt(3),
                    instant(rs.getTimestamp(4)),
                    instant(rs.getTimestamp(5)),
                    Optional.ofNullable(rs.getString(6))));
          }
        }
      }
      return Optional.of(
          new StoredRollout(
              rollout.id(),
              rollout.repository(),
              rollout.pullRequest(),
              rollout.mergeSha(),
              rollout.fingerprint(),
              rollout.plan(),
              rollout.state(),
              steps,
              rollout.createdAt(),
              rollout.lastError()));
    } catch (SQLException e) {
      throw Failures.of("read rollout " + rolloutId, e, session);
    }
  }

  @Override
  public void setState(String rolloutId, RolloutState state, Optional<String> error, Instant at) {
    boolean finished =
        state == RolloutState.DONE
            || state == RolloutState.FAILED
            || state == RolloutState.CANCELLED;
    update(
        "set the state of rollout " + rolloutId,
        "UPDATE migration_bot.rollouts SET status = ?, last_error = ?, updated_at = ?,"
            + " finished_at = CASE WHEN ? THEN ?::timestamptz END WHERE id = ?",
        state.dbName(),
        error.orElse(null),
        Timestamp.from(at),
        finished,
        Timestamp.from(at),
        rolloutId);
  }

  @Override
  public void stepStarted(String rolloutId, String stepId, Instant at) {
    update(
        "start step " + stepId,
        "UPDATE migration_bot.steps SET status = 'running',"
            + " first_attempt_at = coalesce(first_attempt_at, ?), updated_at = ?"
            + " WHERE rollout_id = ? AND step_id = ? AND status IN ('pending', 'running')",
        Timestamp.from(at),
        Timestamp.from(at),
        rolloutId,
        stepId);
  }

  @Override
  public void stepAttemptFailed(String rolloutId, String stepId, String error, Instant at) {
    update(
        "record an attempt of step " + stepId,
        "UPDATE migration_bot.steps SET attempts = attempts + 1, last_error = ?,"
            + " first_attempt_at = coalesce(first_attempt_at, ?), updated_at = ?"
            + " WHERE rollout_id = ? AND step_id = ?",
        error,
        Timestamp.from(at),
        Timestamp.from(at),
        rolloutId,
        stepId);
  }

  @Override
  public void stepFinished(
      String rolloutId, String stepId, StepStatus status, Optional<String> error, Instant at) {
    update(
        "finish step " + stepId,
        "UPDATE migration_bot.steps SET status = ?, last_error = coalesce(?, last_error),"
            + " finished_at = ?, updated_at = ? WHERE rollout_id = ? AND step_id = ?",
        status.dbName(),
        error.orElse(null),
        Timestamp.from(at),
        Timestamp.from(at),
        rolloutId,
        stepId);
  }

  @Override
  public void resetFailedSteps(String rolloutId, Instant at) {
    update(
        "reset the failed steps of " + rolloutId,
        "UPDATE migration_bot.steps SET status = 'pending', finished_at = NULL,"
            + " first_attempt_at = NULL, updated_at = ? WHERE rollout_id = ? AND status = 'failed'",
        Timestamp.from(at),
        rolloutId);
  }

  @Override
  public void append(Event event) {
    update(
        "append a " + event.kind() + " event",
        "INSERT INTO migration_bot.events (rollout_id, step_id, kind, detail, at)"
            + " VALUES (?, ?, ?, ?::jsonb, ?)",
        event.rolloutId(),
        event.stepId().orElse(null),
        event.kind(),
        PlanJson.text(event.detail()),
        Timestamp.from(event.at()));
  }

  @Override
  public List<Event> events(String rolloutId) {
    Connection c = connection();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT step_id, kind, detail::text, at FROM migration_bot.events"
                + " WHERE rollout_id = ? ORDER BY id")) {
      s.setString(1, rolloutId);
      List<Event> events = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          events.add(
              new Event(
                  rolloutId,
                  Optional.ofNullable(rs.getString(1)),
                  rs.getString(2),
                  detail(rs.getString(3)),
                  rs.getTimestamp(4).toInstant()));
        }
      }
      return events;
    } catch (SQLException e) {
      throw Failures.of("read the events of " + rolloutId, e, session);
    }
  }

  @Override
  public boolean claimPhase(String rolloutId, Phase phase) {
    try {
      return phaseLock("pg_try_advisory_lock", rolloutId, phase);
    } catch (SQLException e) {
      throw Failures.of("claim the " + phase.displayName() + " phase of " + rolloutId, e, session);
    }
  }

  @Override
  public void releasePhase(String rolloutId, Phase phase) {
    try {
      phaseLock("pg_advisory_unlock", rolloutId, phase);
    } catch (SQLException e) {
      // the claim is a session lock: a broken connection has released it already
      session.discard();
    }
  }

  private boolean phaseLock(String function, String rolloutId, Phase phase) throws SQLException {
    try (PreparedStatement s =
        connection().prepareStatement("SELECT " + function + "(" + PHASE_LOCK + ", hashtext(?))")) {
      s.setString(1, rolloutId + "/" + phase.displayName());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  @Override
  public void close() {
    session.close();
  }

  private void update(String operation, String sql, Object... parameters) {
    Connection c = connection();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      s.executeUpdate();
    } catch (SQLException e) {
      throw Failures.of(operation, e, session);
    }
  }

  private static Map<String, Object> detail(String json) {
    try {
      return PlanJson.MAPPER.readValue(json, MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event's detail is not JSON: " + e.getMessage(), e);
    }
  }

  private static Optional<Instant> instant(Timestamp t) {
    return t == null ? Optional.empty() : Optional.of(t.toInstant());
  }

  private static void rollbackQuietly(Connection c) {
    try {
      if (!c.getAutoCommit()) {
        c.rollback();
        c.setAutoCommit(true);
      }
    } catch (SQLException ignored) {
      // the original failure is the one to report
    }
  }
}
