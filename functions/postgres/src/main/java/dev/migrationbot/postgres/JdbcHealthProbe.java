package dev.migrationbot.postgres;

import dev.migrationbot.analyzer.QualifiedName;
import dev.migrationbot.rollout.backfill.Reading;
import dev.migrationbot.rollout.backfill.ReplicaLag;
import dev.migrationbot.rollout.backfill.VacuumActivity;
import dev.migrationbot.rollout.port.HealthProbe;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads the health signals from the statistics views. A signal the bot's role may not see (it needs
 * pg_monitor or pg_read_all_stats) is reported unavailable, never as healthy.
 */
public final class JdbcHealthProbe implements HealthProbe, AutoCloseable {

  /**
   * Active client backends, and the sessions this role may not look into: pg_stat_activity hides
   * their backend_type along with their state, so they cannot be filtered by type first.
   */
  private static final String ACTIVE_BACKENDS =
      "SELECT count(*) FILTER (WHERE state = 'active' AND backend_type = 'client backend'),"
          + " count(*) FILTER (WHERE backend_type IS NULL)"
          + " FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
          + " AND coalesce(application_name, '') NOT LIKE 'migration-bot/%'";

  private final Session session;

  public JdbcHealthProbe(ConnectionFactory connections) {
    this.session = new Session(connections, "migration-bot/health");
  }

  @Override
  public Reading<ReplicaLag> replicaLag() {
    try (Statement s = session.get().createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), count(*) FILTER (WHERE replay_lsn IS NULL),"
                    + " extract(epoch FROM max(replay_lag)),"
                    + " coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)), 0)"
                    + " FROM pg_stat_replication")) {
      rs.next();
      int replicas = rs.getInt(1);
      if (replicas > 0 && rs.getInt(2) == replicas) {
        return Reading.unavailable(
            "pg_stat_replication hides the replicas' positions from this role; grant it"
                + " pg_monitor");
      }
      double lag = rs.getDouble(3);
      Optional<Duration> replayLag =
          rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(lag * 1000)));
      return Reading.of(new ReplicaLag(replicas, replayLag, rs.getLong(4)));
    } catch (SQLException e) {
      return unavailable("replica lag", e);
    }
  }

  @Override
  public Reading<VacuumActivity> vacuum(QualifiedName table) {
    try (PreparedStatement s =
        session
            .get()
            .prepareStatement(
                "SELECT count(*) FILTER (WHERE v.relid = t.oid),"
                    + " coalesce(bool_or(v.relid = t.oid AND a.backend_type = 'autovacuum"
                    + " worker'), false), count(*) FILTER (WHERE v.relid IS NULL),"
                    + " coalesce(bool_or(v.relid = t.oid AND a.backend_type = 'autovacuum"
                    + " worker' AND a.query LIKE '%(to prevent wraparound)%'), false)"
                    + " FROM pg_stat_progress_vacuum v"
                    + " LEFT JOIN pg_stat_activity a ON a.pid = v.pid"
                    + " CROSS JOIN (SELECT to_regclass(format('%I.%I', ?, ?))::oid AS oid) t")) {
      s.setString(1, table.schema());
      s.setString(2, table.name());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        if (rs.getInt(1) == 0 && rs.getInt(3) > 0) {
          return Reading.unavailable(
              "pg_stat_progress_vacuum hides which tables are vacuumed from this role; grant it"
                  + " pg_read_all_stats");
        }
        return Reading.of(new VacuumActivity(rs.getInt(1) > 0, rs.getBoolean(2), rs.getBoolean(4)));
      }
    } catch (SQLException e) {
      return unavailable("vacuum activity", e);
    }
  }

  @Override
  public Reading<Integer> activeBackends() {
    try (Statement s = session.get().createStatement();
        ResultSet rs = s.executeQuery(ACTIVE_BACKENDS)) {
      rs.next();
      if (rs.getInt(2) > 0) {
        return Reading.unavailable(
            "pg_stat_activity hides the state of other roles' sessions from this role; grant it"
                + " pg_read_all_stats");
      }
      return Reading.of(rs.getInt(1));
    } catch (SQLException e) {
      return unavailable("active backends", e);
    }
  }

  /** Active client backends other than the bot's, for the baseline taken when a job starts. */
  static int activeBackends(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(ACTIVE_BACKENDS)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private <T> Reading<T> unavailable(String what, SQLException e) {
    if (SqlStates.connectionLost(SqlStates.of(e))) {
      session.discard();
    }
    return Reading.unavailable(
        what + " could not be read (" + SqlStates.of(e) + ": " + e.getMessage() + ")");
  }

  @Override
  public void close() {
    session.close();
  }
}
