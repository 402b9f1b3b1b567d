package dev.migrationbot.postgres;

import dev.migrationbot.rollout.port.TransientFailureException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The bot's own schema in the target database, {@code migration_bot}: rollouts, their steps,
 * backfill jobs and an append-only event log. Created on first use and migrated forward in order;
 * an advisory lock makes two invocations that start at once take turns.
 */
public final class StateSchema {

  public static final String NAME = "migration_bot";

  /** Any constant both racing invocations agree on; "mbot" in ASCII. */
  private static final long MIGRATION_LOCK = 0x6d626f74L;

  private record Migration(int version, String description, String sql) {}

  private static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              1,
              "rollouts, steps, backfill jobs, events",
              """
              CREATE TABLE migration_bot.rollouts (
                id text PRIMARY KEY,
                repository text NOT NULL,
                pull_request integer NOT NULL,
                merge_sha text NOT NULL,
                fingerprint text NOT NULL,
                pg_major integer NOT NULL,
                plan jsonb NOT NULL,
                status text NOT NULL DEFAULT 'planned'
                  CHECK (status IN ('planned', 'running', 'done', 'failed', 'cancelled')),
                last_error text,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                finished_at timestamptz
              );
              CREATE TABLE migration_bot.steps (
                rollout_id text NOT NULL REFERENCES migration_bot.rollouts ON DELETE CASCADE,
                step_id text NOT NULL,
                position integer NOT NULL,
                phase text NOT NULL,
                status text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'running', 'done', 'skipped', 'failed')),
                attempts integer NOT NULL DEFAULT 0,
                first_attempt_at timestamptz,
                finished_at timestamptz,
                last_error text,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (rollout_id, step_id)
              );
              CREATE TABLE migration_bot.backfill_jobs (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                rollout_id text NOT NULL,
                step_id text NOT NULL,
                round integer NOT NULL DEFAULT 0,
                table_schema text NOT NULL,
                table_name text NOT NULL,
                table_oid oid NOT NULL,
                spec jsonb NOT NULL,
                strategy text NOT NULL CHECK (strategy IN ('keyset', 'ctid')),
                key_index text,
                key_columns text[] NOT NULL,
                key_types text[] NOT NULL,
                cursor jsonb,
                upper_bound jsonb,
                estimated_total bigint,
                rows_scanned bigint NOT NULL DEFAULT 0,
                rows_updated bigint NOT NULL DEFAULT 0,
                batches bigint NOT NULL DEFAULT 0,
                batch_size integer NOT NULL,
                controller jsonb NOT NULL,
                baseline_active_backends integer NOT NULL DEFAULT 0,
                status text NOT NULL DEFAULT 'pending'
                  CHECK (status IN
                    ('pending', 'running', 'holding', 'paused', 'done', 'failed', 'cancelled')),
                hold_until timestamptz,
                hold_reason text,
                lease_owner text,
                lease_until timestamptz,
                fence bigint NOT NULL DEFAULT 0,
                pause_requested boolean NOT NULL DEFAULT false,
                cancel_requested boolean NOT NULL DEFAULT false,
                last_error text,
                failed_key text,
                created_at timestamptz NOT NULL DEFAULT now(),
                started_at timestamptz,
                finished_at timestamptz,
                updated_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (rollout_id, step_id, round),
                FOREIGN KEY (rollout_id, step_id)
                  REFERENCES migration_bot.steps ON DELETE CASCADE
              );
              CREATE TABLE migration_bot.events (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                rollout_id text NOT NULL,
                step_id text,
                kind text NOT NULL,
                detail jsonb NOT NULL DEFAULT '{}',
                at timestamptz NOT NULL
              );
              CREATE INDEX events_rollout_idx ON migration_bot.events (rollout_id, id);
              """));

  private StateSchema() {}

  /** The newest version this build knows. */
  public static int latestVersion() {
    return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
  }

  /**
   * Brings the schema to the latest version. Cheap when it is current: one catalog read, no lock.
   *
   * @throws IllegalStateException when the database holds a newer version than this build knows
   */
  public static void ensure(Connection c) throws SQLException {
    if (currentVersion(c) == latestVersion()) {
      return;
    }
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
      // CREATE SCHEMA IF NOT EXISTS checks CREATE on the database even when the schema exists;
      // skipping it lets a DBA pre-create the schema and keep that privilege from the bot.
      try (ResultSet rs = s.executeQuery("SELECT to_regnamespace('" + NAME + "') IS NULL")) {
        rs.next();
        if (rs.getBoolean(1)) {
          s.execute("CREATE SCHEMA " + NAME);
        }
      }
      s.execute(
          "CREATE TABLE IF NOT EXISTS migration_bot.schema_version ("
              + " version integer PRIMARY KEY,"
              + " description text NOT NULL,"
              + " applied_at timestamptz NOT NULL DEFAULT now())");
      int current = currentVersion(c);
      if (current > latestVersion()) {
        throw new IllegalStateException(
            "migration_bot.schema_version is at "
                + current
                + " but this build only knows up to "
                + latestVersion()
                + ": deploy the newer bot version");
      }
      for (Migration m : MIGRATIONS) {
        if (m.version() > current) {
          s.execute(m.sql());
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO migration_bot.schema_version (version, description) VALUES (?, ?)")) {
            insert.setInt(1, m.version());
            insert.setString(2, m.description());
            insert.executeUpdate();
          }
        }
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /** The applied version; 0 when the schema does not exist yet. */
  public static int currentVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT to_regclass('migration_bot.schema_version') IS NOT NULL")) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return 0;
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT coalesce(max(version), 0) FROM migration_bot.schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static void ensure(Session session) {
    try {
      ensure(session.get());
    } catch (SQLException e) {
      session.discard();
      if (SqlStates.connectionLost(SqlStates.of(e))) {
        throw new TransientFailureException(
            "cannot create or migrate the migration_bot schema: " + e.getMessage(), e);
      }
      throw new IllegalStateException(
          "cannot create or migrate the migration_bot schema ("
              + SqlStates.of(e)
              + ": "
              + e.getMessage()
              + "); docs/database-role.md lists the grants the bot's role needs",
          e);
    }
  }
}
