package dev.migrationbot.postgres;

import dev.migrationbot.rollout.engine.SliceResult;
import dev.migrationbot.rollout.engine.TimeBudget;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * A backfill invocation in its own JVM, so a test can kill the whole process mid-slice: runs slices
 * of one rollout until its backfill is done.
 *
 * <p>Arguments: JDBC URL, user, rollout id.
 */
public final class BackfillSliceProcess {

  private BackfillSliceProcess() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    String rolloutId = args[2];
    ConnectionFactory connections =
        name -> {
          Properties p = new Properties();
          p.setProperty("user", user);
          p.setProperty("ApplicationName", name);
          return DriverManager.getConnection(url, p);
        };
    try (PostgresRolloutEngine engine =
        new PostgresRolloutEngine(connections, CrashResumeTest.SETTINGS)) {
      for (int i = 0; ; i++) {
        SliceResult r =
            engine
                .engine()
                .runBackfillSlice(
                    rolloutId,
                    TimeBudget.of(Instant.now(), Duration.ofSeconds(30)),
                    "process-" + ProcessHandle.current().pid() + "-" + i);
        if (r.status() == SliceResult.Status.DONE) {
          return;
        }
        Thread.sleep(50);
      }
    }
  }
}
